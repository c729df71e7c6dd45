import pytest

from twinning.search.text import correct, document_terms, highlight, pinyin_key, query_terms


def test_english_is_stemmed_and_case_folded():
    assert query_terms("Tunnel Boring Machines") == ["tunnel", "bore", "machin"]
    assert set(query_terms("tunnel boring machine")) <= set(
        document_terms("tunnel-boring machines").split()
    )


def test_stop_words_are_dropped():
    assert query_terms("the mayor of Seattle") == ["mayor", "seattl"]


def test_chinese_is_segmented_into_words():
    terms = document_terms("重庆市教委与华盛顿大学共建孔子学院")

    assert {"孔子", "学院"} <= set(terms.split())
    assert query_terms("孔子学院") == ["孔子", "学院"]


def test_mixed_text_keeps_numbers_and_codes():
    assert set(query_terms("N95 口罩")) == {"n95", "口罩"}


def test_typo_is_corrected_to_a_known_term():
    vocabulary = ["mcginn", "confucius", "microsoft", "tunnel"]

    assert correct("mcgin", vocabulary) == "mcginn"
    assert correct("confucious", vocabulary) == "confucius"
    assert correct("micorsoft", vocabulary) == "microsoft"
    assert correct("zebra", vocabulary) is None
    assert correct("口罩", vocabulary) is None


def test_highlight_marks_matching_words_and_chinese_terms():
    pieces = highlight("Robbins delivered two tunnel boring machines 盾构机", ["bore", "盾构"])

    marked = [p.text for p in pieces if p.match]
    assert marked == ["boring", "盾构"]
    assert "".join(p.text for p in pieces) == "Robbins delivered two tunnel boring machines 盾构机"


def test_highlight_cuts_a_window_around_the_first_match():
    text = "x " * 300 + "McGinn" + " y" * 300

    pieces = highlight(text, ["mcginn"], width=100)

    assert pieces[0].text == "…" and pieces[-1].text == "…"
    assert any(p.match and p.text == "McGinn" for p in pieces)
    assert sum(len(p.text) for p in pieces) <= 102


def test_traditional_characters_fold_to_simplified_in_documents_and_queries():
    assert query_terms("圖書館") == ["图书馆"]
    assert "图书馆" in document_terms("重慶圖書館").split()


def test_pinyin_key_runs_toneless_syllables_together():
    assert pinyin_key("口罩") == pinyin_key("口照") == "kouzhao"


def test_chinese_names_are_indexed_under_their_pinyin():
    terms = document_terms("黄奇帆", "西雅图公共图书馆").split()

    assert {"huangqifan", "huang", "qifan", "xiyatu", "tushuguan"} <= set(terms)


def test_long_chinese_texts_are_not_indexed_under_pinyin():
    summary = "西雅图的罗宾斯公司在重庆轨道交通 6 号线设备招标中胜出，为工程交付了两台盾构机。"

    assert "xiyatu" not in document_terms(summary).split()


def test_swapped_letters_count_as_one_typo():
    assert correct("musuem", ["museum", "music"]) == "museum"


@pytest.mark.parametrize("before", ["Seattle ", "x" * 7 + " ", "ab cd efgh ", "delegations "])
def test_snippet_never_starts_or_ends_inside_a_word(before):
    text = (before * 30) + "McGinn" + (" Chongqing" * 30)

    pieces = highlight(text, ["mcginn"], width=100)

    shown = "".join(p.text for p in pieces).strip("…")
    words = set(text.split())
    assert (shown.split()[0] in words, shown.split()[-1] in words) == (True, True)
