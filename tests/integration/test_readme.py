"""The README's data dictionary is the generated one (`python -m validations.dictionary`)."""
from assets.resources import PROJECT_ROOT
from validations.dictionary import END, START, render


def test_readme_dictionary_is_generated() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(START, 1)[1].split(END, 1)[0]
    assert section.strip() == render().strip(), "run: python -m validations.dictionary --write"
