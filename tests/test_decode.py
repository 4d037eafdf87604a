"""Decoding: UTF-8 with or without BOM, other charsets detected and recorded, line ends normalised."""

import pytest

from site_builder.errors import SiteError
from site_builder.sources.decode import decode


def test_utf8_bom_is_stripped_and_recorded():
    decoded = decode("\ufeffGuilin talks\n".encode("utf-8"), "seeds/a.txt")
    assert decoded.text == "Guilin talks\n"
    assert decoded.encoding == "utf-8 (with BOM)"


def test_crlf_and_cr_become_lf():
    assert decode(b"a\r\nb\rc\n", "seeds/a.txt").text == "a\nb\nc\n"


def test_non_utf8_text_is_detected_and_the_encoding_recorded():
    text = "Министр иностранных дел России Сергей Лавров провёл переговоры с китайским коллегой Ван И в Гуйлине.\n" * 3
    decoded = decode(text.encode("cp1251"), "seeds/ru.txt")
    assert decoded.text == text
    assert "(detected)" in decoded.encoding and "1251" in decoded.encoding


@pytest.mark.parametrize("data", [b"", b"   \n\n"])
def test_empty_file_is_an_error_naming_it(data):
    with pytest.raises(SiteError, match=r"^seeds/empty.txt: file is empty$"):
        decode(data, "seeds/empty.txt")


def test_binary_file_is_an_error_naming_it():
    with pytest.raises(SiteError, match=r"^seeds/image.txt: file looks binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "seeds/image.txt")
