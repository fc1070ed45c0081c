from hypothesis import given
from hypothesis import strategies as st

from scanners.framing import MAX_FRAME, LineFramer


def test_codes_split_on_cr_lf_and_across_reads():
    framer = LineFramer()
    assert framer.feed(b"9755-4257") == []
    assert framer.feed(b"-4904\r\n7605079543") == ["9755-4257-4904"]
    assert framer.feed(b"2071363\r") == ["76050795432071363"]


def test_a_half_code_is_dropped_on_reset_never_delivered_truncated():
    framer = LineFramer()
    framer.feed(b"76050795")
    framer.reset()
    assert framer.feed(b"9755-4257-4904\r") == ["9755-4257-4904"]


def test_an_endless_frame_is_dropped_whole():
    framer = LineFramer()
    assert framer.feed(b"1" * (MAX_FRAME * 4) + b"\r" + b"123\r") == ["123"]


@given(st.binary(max_size=4096))
def test_any_bytes_frame_without_error(data):
    for code in LineFramer().feed(data):
        assert 0 < len(code.encode("utf-8", "surrogatepass")) <= MAX_FRAME * 4
