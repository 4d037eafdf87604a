"""Decoding: UTF-8 with or without BOM, a sidecar's declared encoding, other encodings read the way a
reader would agree with (never 'Săo Joăo' for 'São João'), mixed and doubtful files noted, line ends
normalised."""

import codecs

import pytest

from conftest import run_cli, write
from site_builder.build.prepare import PREPARE_STAGES, loaded_source
from site_builder.errors import SiteError
from site_builder.sources.decode import Declared, decode
from site_builder.sources.load import Seed, read_file
from site_builder.sources.readers.base import BinaryReader, Extracted

# A few lines of each language (written for these tests), with the legacy encodings it is saved in.
TEXTS = {
    "pt": ("Relatório da visita a São João del-Rei\n"
           "Não houve acordo sobre a questão das terras, disse o presidente da câmara.\n"
           "A comissão reuniu-se na sexta-feira com os representantes da população indígena, que pediram "
           "mais informação e uma solução até ao verão.\n"),
    "fr": ("Compte rendu de la réunion à Besançon\n"
           "Le préfet a déclaré qu'aucune décision n'était prise avant l'été.\n"
           "Les élus ont reçu une lettre ouverte signée par quarante-deux associations ; « nous attendons "
           "des réponses précises », a-t-il ajouté.\n"),
    "de": ("Bericht über die Sitzung in Görlitz\n"
           "Der Bürgermeister äußerte sich zurückhaltend über die Pläne für den Straßenbau.\n"
           "Nach längerer Diskussion wurde die Entscheidung auf März verschoben; die Grünen forderten eine "
           "öffentliche Anhörung.\n"),
    "cs": ("Zpráva o jednání v Českých Budějovicích\n"
           "Starosta řekl, že město zatím nemá dost peněz na opravu mostů.\n"
           "Zastupitelé se dohodli, že o rozpočtu budou znovu hlasovat v příštím měsíci; občané žádali "
           "větší průhlednost.\n"),
    "pl": ("Sprawozdanie z posiedzenia rady w Łodzi\n"
           "Burmistrz powiedział, że żadna decyzja nie zapadnie przed końcem września.\n"
           "Radni zgłosili wątpliwości dotyczące budżetu; mieszkańcy żądają większej przejrzystości i "
           "rzetelnych informacji.\n"),
    "ru": ("Отчёт о заседании городского совета в Ярославле\n"
           "Мэр заявил, что решение о ремонте мостов будет принято не раньше осени.\n"
           "Депутаты потребовали опубликовать смету расходов; жители просят больше открытости.\n"),
}
LEGACY = {"pt": ("cp1252", "latin-1", "iso-8859-15"), "fr": ("cp1252", "latin-1", "iso-8859-15"),
          "de": ("cp1252", "latin-1", "iso-8859-15"), "cs": ("cp1250", "iso-8859-2"), "pl": ("cp1250", "iso-8859-2"),
          "ru": ("cp1251", "koi8-r", "iso-8859-5")}
SAVED = [(language, encoding) for language, encodings in LEGACY.items() for encoding in encodings]


def test_utf8_bom_is_stripped_and_recorded():
    decoded = decode("\ufeffGuilin talks\n".encode("utf-8"), "seeds/a.txt")
    assert decoded.text == "Guilin talks\n"
    assert decoded.encoding == "utf-8 (with BOM)"


def test_utf16_with_a_bom_is_read_not_called_binary():
    decoded = decode(codecs.BOM_UTF16_LE + TEXTS["cs"].encode("utf-16-le"), "seeds/a.txt")
    assert (decoded.text, decoded.encoding, decoded.note) == (TEXTS["cs"], "utf-16", None)


def test_crlf_and_cr_become_lf():
    assert decode(b"a\r\nb\rc\n", "seeds/a.txt").text == "a\nb\nc\n"


@pytest.mark.parametrize("language", TEXTS)
def test_utf8_reads_as_it_is_without_a_note(language):
    decoded = decode(TEXTS[language].encode("utf-8"), "seeds/a.txt")
    assert (decoded.text, decoded.encoding, decoded.note) == (TEXTS[language], "utf-8", None)


@pytest.mark.parametrize("language, encoding", SAVED)
def test_a_legacy_encoding_reads_exactly_as_written_and_confidently(language, encoding):
    decoded = decode(TEXTS[language].encode(encoding), f"seeds/{language}.txt")
    assert decoded.text == TEXTS[language]
    assert decoded.encoding.endswith(" (detected)")
    assert decoded.note is None  # sure enough to say nothing


@pytest.mark.parametrize("language, encoding", SAVED)
def test_a_file_mixing_utf8_and_a_legacy_encoding_reads_both_parts_and_is_noted(language, encoding):
    text = TEXTS[language]
    decoded = decode(text.encode("utf-8") + text.encode(encoding), f"seeds/{language}.txt")
    assert decoded.text == text + text
    assert decoded.encoding.startswith("utf-8 and ") and decoded.encoding.endswith(" (mixed; detected)")
    assert decoded.note is not None and decoded.note.startswith("mixes encodings: decoded as UTF-8, and its ")
    assert f"(the first on line {text.count(chr(10)) + 1}: “" in decoded.note


def test_a_word_of_latin1_in_a_utf8_line_stays_what_it_says():
    decoded = decode("Le café, ".encode("utf-8") + "puis le thé à Besançon.\n".encode("latin-1"), "seeds/x.txt")
    assert decoded.text == "Le café, puis le thé à Besançon.\n"
    assert decoded.note is not None and "its 3 words that are not UTF-8 (the first on line 1: “thé”) as cp1252" in decoded.note


def test_the_portuguese_latin1_report_of_the_issue_keeps_its_title(tmp_path):
    text = ("São João celebra acordo com a comissão\n\n"
            "Não houve objeções: a população de São João aprovou a decisão da câmara por larga maioria, "
            "e a votação terminou às três horas da tarde.\n")
    seed = write(tmp_path / "seeds/relatorio.txt", "")
    seed.write_bytes(text.encode("latin-1"))
    source = loaded_source(Seed("relatorio", seed), None, 10**6)
    for stage in PREPARE_STAGES:
        source = stage(source)
    assert source.title == "São João celebra acordo com a comissão"
    assert source.text.startswith("Não houve objeções") and "ă" not in source.text
    assert source.encoding == "cp1252 (detected)" and source.encoding_note is None


def test_a_short_text_with_readings_as_good_is_noted_with_them():
    decoded = decode("Sprawozdanie z posiedzenia rady w Łodzi\n".encode("cp1250"), "seeds/pl.txt")
    assert decoded.text == "Sprawozdanie z posiedzenia rady w Łodzi\n"  # the likelier encoding wins a tie
    assert decoded.note is not None
    assert decoded.note.startswith("decoded as cp1250 (detected; also possible: ")
    assert "“Żodzi” for “Łodzi”" in decoded.note and decoded.note.endswith("declare `encoding:` in its sidecar "
                                                                         "(content/sources/) if it reads wrong")


def test_utf8_encoded_twice_is_noted_and_kept_as_it_is():
    text = "Le café est fermé.\n".encode("utf-8").decode("cp1252")  # 'Le cafÃ© est fermÃ©.'
    decoded = decode(text.encode("utf-8"), "seeds/x.txt")
    assert decoded.text == text
    assert decoded.note == ("looks encoded twice (UTF-8 read as Windows-1252 and saved as UTF-8 again): on line 1, "
                            "“cafÃ©” would read “café”; the text is kept as it is: re-save the file from its original")


@pytest.mark.parametrize("text", ["»Das ist heiß« sagte er.\n", "It’s “quoted” — 3 € or 5 £.\n", "Ё и Ж ЛЁ.\n"])
def test_utf8_that_only_looks_like_a_double_encoding_is_not_noted(text):
    assert decode(text.encode("utf-8"), "seeds/x.txt").note is None


def test_a_declared_encoding_wins_over_detection():
    decoded = decode(TEXTS["cs"].encode("iso-8859-2"), "seeds/cs.txt", Declared("cp1250", "content/sources/cs.yaml", 2))
    assert decoded.text == TEXTS["cs"].encode("iso-8859-2").decode("cp1250")  # what was declared, even if worse
    assert decoded.encoding == "cp1250 (declared in content/sources/cs.yaml)" and decoded.note is None


def test_a_declared_encoding_that_cannot_decode_is_an_error_on_the_sidecar_line():
    data = TEXTS["pt"].encode("latin-1")
    with pytest.raises(SiteError, match=r"^content/sources/pt.yaml:3: 'encoding': utf-8 cannot decode seeds/pt.txt: "
                                        r"byte 0xf3 at offset 5 \(line 1\)$"):
        decode(data, "seeds/pt.txt", Declared("utf-8", "content/sources/pt.yaml", 3))


def test_a_sidecar_declares_the_encoding_before_the_file_is_read(tmp_path):
    seed = write(tmp_path / "seeds/cs.txt", "")
    seed.write_bytes(TEXTS["cs"].encode("iso-8859-2"))
    sidecar = write(tmp_path / "content/sources/cs.yaml", "publisher: Deník\nencoding: cp1250\n")
    source = loaded_source(Seed("cs", seed), sidecar, 10**6)
    assert source.encoding == "cp1250 (declared in content/sources/cs.yaml)"
    assert "encoding" not in source.fields and source.field("publisher").value == "Deník"
    write(sidecar, "encoding: cp1525\n")
    with pytest.raises(SiteError, match=r"^content/sources/cs.yaml:1: 'encoding': 'cp1525' is not a text encoding "
                                        r"\(did you mean 'cp\d+'\?\)$"):
        loaded_source(Seed("cs", seed), sidecar, 10**6)
    write(sidecar, "encoding: ascii\n")
    with pytest.raises(SiteError, match=r"^content/sources/cs.yaml:1: 'encoding': ascii cannot decode seeds/cs.txt: byte 0xe1 "):
        loaded_source(Seed("cs", seed), sidecar, 10**6)


def test_a_declared_encoding_for_a_format_read_from_bytes_is_an_error():
    reader = BinaryReader(lambda data, shown: Extracted("pdf", ()), "PDF")
    with pytest.raises(SiteError, match=r"^content/sources/r.yaml:2: 'encoding': seeds/r.pdf is read from its bytes"):
        read_file(b"%PDF", reader, "seeds/r.pdf", Declared("cp1252", "content/sources/r.yaml", 2))


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


@pytest.mark.slow
def test_check_warns_of_a_mixed_file_and_strict_refuses_it(tmp_path):
    project = tmp_path / "project"
    write(project / "content/site.yaml", "title: T\nbase_url: https://example.org/\n")
    write(project / "seeds/clean.txt", TEXTS["fr"])
    (project / "seeds/mixed.txt").write_bytes(TEXTS["pt"].encode("utf-8") + TEXTS["pt"].encode("latin-1"))
    (project / "seeds/legacy.txt").write_bytes(TEXTS["de"].encode("latin-1"))
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    warnings = [line for line in result.stdout.splitlines() if line.startswith("warning:")]
    assert warnings == ["warning: seeds/mixed.txt: mixes encodings: decoded as UTF-8, and its 13 words that are not UTF-8 "
                        "(the first on line 4: “Relatório”) as cp1252; re-save it as UTF-8"]
    strict = run_cli("check", "--strict", cwd=project)
    assert strict.returncode == 1 and "error: seeds/mixed.txt: mixes encodings" in strict.stdout


def test_a_file_with_no_break_in_its_sample_is_read_and_its_warning_stays_short():
    data = ("Café".encode("latin-1") + b",") * 50_000 + b" " + "Café".encode() + b" end\n"
    decoded = decode(data, "seeds/x.txt")
    assert decoded.text.endswith("Café,Café, Café end\n") and decoded.text.startswith("Café,Café")
    assert "mixes encodings" in decoded.note and len(decoded.note) < 400


def test_a_word_encoded_twice_after_any_white_space_is_found_and_never_a_traceback():
    for space in ("\x85", "\u2028", "\xa0 ", "\u3000"):  # white space Python's \s knows, not only ' \t\n'
        decoded = decode(f"Caf{space}CafÃ©".encode("utf-8"), "seeds/a.txt")
        assert decoded.note is not None and "“CafÃ©” would read “Café”" in decoded.note
    assert decode("\x85Â\x80".encode("utf-8"), "seeds/a.md").encoding == "utf-8"  # found by the fuzz tests
