def test_format_names_match_the_parser_modules() -> None:
    from readinglist.importers import FORMATS, _reader

    assert [_reader(fmt).FORMAT for fmt in FORMATS] == list(FORMATS)
