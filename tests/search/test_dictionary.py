from twinning.search.dictionary import translations


def test_a_chinese_word_translates_into_english_terms():
    assert translations("隧道") == [("tunnel",)]


def test_notes_in_a_definition_are_dropped():
    assert ("mask",) in translations("口罩")  # "mask (surgical etc)"


def test_traditional_characters_are_looked_up_as_simplified():
    assert translations("圖書館") == translations("图书馆")


def test_an_english_term_translates_into_chinese_words():
    assert ("图书馆",) in translations("librari")


def test_a_sense_of_more_words_than_two_is_not_a_translation():
    assert all(len(terms) <= 2 for terms in translations("图书馆"))


def test_unknown_words_have_no_translation():
    assert (translations("zzyzx"), translations("㐀㐁")) == ([], [])
