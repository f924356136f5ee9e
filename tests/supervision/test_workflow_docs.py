from supervision.workflow_docs import DOC_PATH, render


def test_state_diagrams_in_docs_match_the_code():
    assert DOC_PATH.read_text(encoding="utf-8") == render(), (
        "docs/workflows.md is out of date: run `python manage.py workflow_docs`"
    )


def test_diagram_lists_every_transition():
    text = render()
    assert "subsidised --> subsidy_suspended: suspend_subsidy" in text
    assert "suspended --> active: lift_suspension" in text
