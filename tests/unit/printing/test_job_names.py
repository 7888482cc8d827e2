import pytest

from printing.job_names import ascii_token, document_name, is_safe_name, job_name


@pytest.mark.parametrize(
    ("title", "token"),
    [
        ("Druckprobe SOZ-2026-000123", "Druckprobe-SOZ-2026-000123"),
        ("Antrag auf Wohngeld – Ausfertigung Bürger", "Antrag-auf-Wohngeld-Ausfertigung-Buerger"),
        ("Größe „Übersicht“ 'Maß'", "Groesse-Uebersicht-Mass"),
        ('Erklärung "A\\B"\t\nC\x01D\x7fE', "Erklaerung-A-B-C-D-E"),
        ("Łukasiewicz Öztürk café", "Lukasiewicz-Oeztuerk-cafe"),
        ("  --  ", ""),
        ("漢字", ""),
    ],
)
def test_titles_become_ascii_tokens(title, token):
    assert ascii_token(title) == token
    assert ascii_token(token) == token  # a token stays what it is


def test_job_name_is_a_safe_token_with_the_item_id_part():
    name = job_name("Wohngeld – Ausfertigung Bürger – SOZ-2026-000123", "3f2a9c1e-77aa-4e")
    assert name == "koffer-Wohngeld-Ausfertigung-Buerger-SOZ-2026-000123-3f2a9c1e"
    assert is_safe_name(name)
    assert job_name(name) == name  # the backend may pass a name through job_name again
    assert document_name(name) == f"{name}.pdf"


def test_names_stay_short_and_never_empty():
    long_title = "Sehr langer Formulartitel " * 20
    name = job_name(long_title, "abcdef0123456789")
    assert len(name) <= 100
    assert name.endswith("-abcdef01")
    assert job_name("", "") == "koffer"
    assert job_name("§§§") == "koffer"
    assert document_name("") == "koffer.pdf"


@pytest.mark.parametrize("value", ["a b", "a\tb", "a\x01", "", "ä", "a'b", "a/b"])
def test_unsafe_values_are_recognised(value):
    assert not is_safe_name(value)
