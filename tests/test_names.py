"""Names the NER misses, found by their form (companies' legal forms and sector words, transliterated
Russian company names, acronyms before "ships" or "company", Cyrillic and Hangul names), and a listed
person's lone surname. Every sentence was written for these tests; the companies are invented unless named
in the gazetteer."""

from __future__ import annotations

import pytest

from armswatch.entities.orgnames import find_org_names


@pytest.fixture(scope="module")
def nlp():
    from armswatch.nlp import load_pipeline

    return load_pipeline()


def ents(nlp, text: str) -> dict[str, tuple[str, str]]:
    return {e.text: (e.label_, e.kb_id_) for e in nlp(text).ents if e.kb_id_}


@pytest.mark.parametrize(("text", "name", "label"), [
    ("The ships belong to OOO Severlogistika, a defence-ministry company.", "OOO Severlogistika", "ORG"),
    ("Crates were bought by Baltic Fortune Trading Co. Ltd. last year.", "Baltic Fortune Trading Co. Ltd.",
     "ORG"),
    ("Republic of Nordland Shipping Lines owns the vessel.", "Republic of Nordland Shipping Lines", "ORG"),
    ("Uralspetsmash signed the contract on Monday.", "Uralspetsmash", "ORG"),
    ("NKSL ships carried the containers to the port.", "NKSL", "ORG"),
    ("Севертранслогистика chartered a ship.", "Севертранслогистика", "ORG"),
    ("Иван Петров said the shells had arrived.", "Иван Петров", "PERSON"),
    ("박민수 attended the parade.", "박민수", "PERSON"),
])
def test_names_found_by_form(nlp, text: str, name: str, label: str) -> None:
    found = ents(nlp, text)
    assert found.get(name, ("", ""))[0] == label, found


def test_form_cues_leave_common_words_alone(nlp) -> None:
    doc = nlp("The company said its ships carried no arms, and the line was closed.")
    assert find_org_names(doc) == []
    for text in ("Promoting exports was the aim.", "Scandinavian design is simple.", "Введение в курс.",
                 "Exporting the video takes time.",
                 "Every SEO company says so.", "Estera Events Co-Owner Eric Lane said so."):
        assert find_org_names(nlp(text)) == [], text
    doc = nlp("Seoul said the Northern Limit Line was crossed.")
    assert all(doc[s:e].text != "Limit Line" for s, e, _ in find_org_names(doc))


def test_a_lone_surname_names_a_listed_person_only_beside_the_full_name_or_a_title(nlp) -> None:
    found = ents(nlp, "Prigozhin's men took the city.")  # read as an organisation: not him without his name
    assert not any(eid == "yevgeny-prigozhin" for _, eid in found.values())
    found = ents(nlp, "Yevgeny Prigozhin founded the group. Prigozhin died in 2023.")
    assert found["Prigozhin"][1] == "yevgeny-prigozhin"
    assert ents(nlp, "President Putin met the delegation.")["Putin"][1] == "vladimir-putin"
    assert ents(nlp, "Putin said the war would go on.")["Putin"][1] == "vladimir-putin"  # read as a person


def test_a_lone_surname_as_a_verbs_subject_is_the_person_whatever_the_ner_model_reads(nlp) -> None:
    # at a sentence's start the small model reads some surnames as organisations; the parse makes them doers
    for text in ("Lavrov said the talks had failed.", "Lavrov spoke with Blinken by telephone."):
        assert ents(nlp, text)["Lavrov"][1] == "sergei-lavrov", text
