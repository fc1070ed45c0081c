"""What a screen reader says for a control: its name and what it does (`describe`), and for a form's
fields the label beside each field (and, for a row of several, the grey hint text inside the field
after it), wherever a field has no name of its own."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget


def describe(widget: QWidget, description: str, name: str = "") -> None:
    """`widget`'s description and, when given, its name (else a button is named by its text)."""
    if name:
        widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)


def name_form_fields(root: QWidget) -> None:
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is None or field is None or not isinstance(label.widget(), QLabel):
                continue
            text = label.widget().text().rstrip(":")
            widgets = [field.widget()] if field.widget() is not None else []
            if field.layout() is not None:
                widgets += [field.layout().itemAt(i).widget() for i in range(field.layout().count())]
            for widget in filter(None, widgets):
                _name(widget, text, several=len(widgets) > 1 or bool(widget.findChildren(QWidget)))


def _name(widget: QWidget, label: str, *, several: bool) -> None:
    """The widget, or each of the widgets a row holds, named by the row's label."""
    for each in [widget, *widget.findChildren(QWidget)]:
        if each.accessibleName() or isinstance(each, QLabel):
            continue
        hint = getattr(each, "placeholderText", lambda: "")()  # "length", "width"… in a row of three
        each.setAccessibleName(f"{label}: {hint}" if several and hint else label)
