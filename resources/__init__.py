"""Files shipped with the program: style sheets, icons, translations, the sandbox's OpenAPI document."""

from importlib.resources import files


def read_text(name: str) -> str:
    return files(__name__).joinpath(name).read_text(encoding="utf-8")
