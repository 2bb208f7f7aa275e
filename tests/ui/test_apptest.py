"""Every page's main flow and error states through `streamlit.testing.v1.AppTest`.

The engine-independent mechanics (toggling, recomputation, re-assessment, DB round trips) use the
stand-in engine of `fakes.py`; the `real engine` tests run the shipped engine end to end.
"""

from __future__ import annotations

import importlib.util

import pytest

from katalog.ui.examples import EXAMPLES

HAS_ENGINE = importlib.util.find_spec("katalog.engine") is not None
needs_engine = pytest.mark.skipif(not HAS_ENGINE, reason="katalog.engine is not built yet")


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def exceptions(at) -> list[str]:
    return [e.value for e in at.exception]


def analyze(at, text: str, p1: str = "당사 차량", p2: str = "상대 차량"):
    at.text_area(key="description").input(text)
    at.text_input(key="party_1").input(p1)
    at.text_input(key="party_2").input(p2)
    return at.button(key="analyze").click().run()


def modifier_boxes(at):
    return [c for c in at.checkbox if c.key and c.key.startswith("mod_")]


# ---- 과실비율 분석 (stand-in engine) -----------------------------------------------------
def test_analysis_shows_ratio_chart_card_modifiers_and_citations(app, fake_engine):
    at = analyze(app(), "야간 교차로에서 충돌")
    assert not exceptions(at)
    m = metrics(at)
    assert m["당사 차량 과실"] == "25%" and m["상대 차량 과실"] == "75%" and m["적용 도표"] == "테스트-1"
    bar = next(md.value for md in at.markdown if "katalog-ratio" in md.value)
    assert 'data-ratio="25:75"' in bar
    assert any("시험용 교차로 도표" in md.value for md in at.markdown)  # chart card
    assert any("직진 차량" in md.value for md in at.markdown)  # role of A from the standard
    boxes = modifier_boxes(at)
    assert [b.value for b in boxes] == [True, False]  # applied pre-checked, possible unchecked
    assert any(e.label.startswith("법령 · 도로교통법 제25조") for e in at.expander)
    assert [c.value for c in at.code] == ["당사 차량 20 → 25"]  # the formula names the parties


def test_toggling_modifiers_recomputes_immediately(app, fake_engine):
    at = analyze(app(), "야간 교차로에서 충돌")
    boxes = modifier_boxes(at)
    boxes[0].uncheck().run()
    assert metrics(at)["당사 차량 과실"] == "20%"
    modifier_boxes(at)[1].check().run()
    assert metrics(at)["당사 차량 과실"] == "10%" and metrics(at)["상대 차량 과실"] == "90%"
    assert [c.value for c in at.code] == ["당사 차량 20 → 10"]
    assert 'data-ratio="10:90"' in next(md.value for md in at.markdown if "katalog-ratio" in md.value)


def test_answering_a_question_reassesses(app, fake_engine):
    at = analyze(app(), "교차로에서 충돌")
    assert metrics(at)["당사 차량 과실"] == "20%"
    q = next(s for s in at.selectbox if s.key.startswith("q_"))
    q.set_value("황색").run()
    at.button(key="answer_submit").click().run()
    assert metrics(at)["당사 차량 과실"] == "40%"  # variant 나 after the answer
    assert not exceptions(at)


def test_competing_chart_is_one_click_away_and_reversible(app, fake_engine):
    at = analyze(app(), "교차로에서 충돌")
    cand = next(b for b in at.button if b.key and b.key.startswith("cand_"))
    cand.click().run()
    m = metrics(at)
    assert m["적용 도표"] == "테스트-2" and m["당사 차량 과실"] == "50%"
    assert any("사용자가 고른 도표 테스트-2" in i.value for i in at.info)
    assert m["도표 신뢰도"] == "사용자 선택"
    at.button(key="chart_reset").click().run()
    assert metrics(at)["적용 도표"] == "테스트-1"


def test_variant_picker_recomputes(app, fake_engine):
    at = analyze(app(), "교차로에서 충돌")
    at.selectbox(key=next(s.key for s in at.selectbox if s.key.startswith("variant_"))).set_value("나").run()
    assert metrics(at)["당사 차량 과실"] == "40%"


def test_empty_input_out_of_scope_and_engine_failure_are_explained(app, fake_engine):
    at = analyze(app(), "   ")
    assert any("사고 설명을 입력해 주세요" in e.value for e in at.error)
    at = analyze(at, "자동차 보험료를 줄이는 방법")
    assert any("판단을 보류" in w.value for w in at.warning) and "당사 차량 과실" not in metrics(at)
    at = analyze(at, "오류를 일으키는 문장")
    assert any("분석 중 오류가 발생했습니다" in e.value for e in at.error)
    at = analyze(at, "교차로 충돌", "같은 이름", "같은 이름")
    assert any("두 당사자의 이름이 같습니다" in e.value for e in at.error)
    assert not exceptions(at)


def test_example_picker_fills_the_description(app, fake_engine):
    at = app()
    label, text = EXAMPLES[3]
    at.selectbox(key="example").set_value(label).run()
    assert at.text_area(key="description").value == text


def test_failing_engine_shows_korean_error(app, monkeypatch):
    """The engine is imported with the app (a missing one fails at start-up); one that fails while
    assessing is a Korean error on the page, not a traceback."""
    import types

    from katalog.ui import services

    def broken(*args, **kwargs):
        raise RuntimeError("엔진 고장")

    monkeypatch.setattr(services, "engine", types.SimpleNamespace(assess=broken, reassess=broken))
    at = analyze(app(), "교차로 충돌")
    assert any("엔진 고장" in e.value and ("분석 중 오류" in e.value or "분석 엔진" in e.value) for e in at.error)
    assert not exceptions(at)


def test_english_explanation_renders_the_structured_result(app, fake_engine):
    at = app()
    at.sidebar.radio(key="lang").set_value("English").run()
    at = analyze(at, "야간 교차로에서 충돌")
    md = [m.value for m in at.markdown]
    assert "**Explanation**" in md
    assert any("matched chart 테스트-1" in m and "Final split: 당사 차량 25 : 상대 차량 75." in m for m in md)


# ---- 저장 → 검토 → 감사 기록 -------------------------------------------------------------------
def test_save_then_review_decide_and_audit_trail(app, fake_engine, monkeypatch):
    at = analyze(app(), "교차로에서 충돌")
    modifier_boxes(at)[0].check().run()  # user adjustment (B +10) is what gets saved
    at.button(key="save_case").click().run()
    saved = at.session_state["saved_case"]
    assert any("저장했습니다" in s.value for s in at.success)

    monkeypatch.setenv("KATALOG_REVIEW_MIN_CONFIDENCE", "0.95")  # 0.8 becomes "low confidence"
    at = app()
    at.sidebar.radio(key="page").set_value("검토").run()
    assert not at.error, [e.value for e in at.error]
    table = at.dataframe[0].value
    assert saved in list(table["사건 번호"]) and "당사 차량 10 : 상대 차량 90" in list(table["과실비율"])
    at.selectbox(key="review_case").set_value(saved).run()
    assert any("LLM을 사용하지 않은 평가" in md.value for md in at.markdown)
    at.text_input(key="review_reviewer").input("김검토")
    at.slider(key="review_fault").set_value(30)
    at.text_area(key="review_reason").input("블랙박스 영상 확인 결과 상대 차량 신호위반")
    at.button(key="review_submit").click().run()
    assert any("결정을 저장했습니다" in s.value for s in at.success), [e.value for e in at.error]
    trail = at.dataframe[-1].value  # the audit trail is the last table of the page
    assert list(trail["종류"]) == ["평가 판단 · 도표 테스트-1 · 당사 차량 10 : 상대 차량 90",
                                 "검토 결정 당사 차량 30 : 상대 차량 70"]
    assert "김검토" in list(trail["주체"])


def test_review_requires_reason(app, fake_engine, monkeypatch):
    at = analyze(app(), "교차로에서 충돌")
    at.button(key="save_case").click().run()
    monkeypatch.setenv("KATALOG_REVIEW_MIN_CONFIDENCE", "0.95")
    at = app()
    at.sidebar.radio(key="page").set_value("검토").run()
    at.text_input(key="review_reviewer").input("김검토")
    at.button(key="review_submit").click().run()
    assert any("결정 이유" in e.value for e in at.error)


def test_db_unavailable_is_an_error_message_on_every_db_page(app, fake_engine, monkeypatch, tmp_path):
    monkeypatch.setenv("KATALOG_DB_URL", f"sqlite:///{tmp_path}/missing/dir/cases.db")
    at = app()
    at.sidebar.radio(key="page").set_value("검토").run()
    assert any("사례 DB를 사용할 수 없습니다" in e.value for e in at.error)
    at.sidebar.radio(key="page").set_value("일괄 평가").run()
    at.radio(key="batch_source").set_value("사례 DB").run()
    assert any("사례 DB를 사용할 수 없습니다" in e.value for e in at.error)
    at.sidebar.radio(key="page").set_value("과실비율 분석").run()
    at = analyze(at, "교차로에서 충돌")
    at.button(key="save_case").click().run()
    assert any("저장하지 못했습니다" in e.value for e in at.error)
    assert not exceptions(at)


# ---- 일괄 평가 -----------------------------------------------------------------------------
CSV = (
    "사고번호,사고내용,청구차량,피청구차량\n"
    "c1,야간 교차로 충돌,당사,상대\n"
    "c2,보험료 문의,,\n"
    "c3,,,\n"
    "c4,교차로 충돌,,\n"
).encode()


def test_batch_upload_maps_columns_runs_filters_and_downloads(app, fake_engine):
    at = app()
    at.sidebar.radio(key="page").set_value("일괄 평가").run()
    at.file_uploader(key="batch_upload").set_value(("claims.csv", CSV, "text/csv")).run()
    assert at.selectbox(key="map_description").value == "사고내용"
    assert at.selectbox(key="map_id").value == "사고번호"
    at.checkbox(key="batch_save_db").check()
    at.button(key="batch_run").click().run()
    m = metrics(at)
    assert (m["전체"], m["판단"], m["판단 보류"], m["오류"]) == ("3건", "2건", "1건", "0건")
    assert any("제외된 행 1건" in e.label for e in at.expander)
    assert [p.value for p in at.get("progress")] == [100]
    at.multiselect(key="batch_filter_status").select("abstained").run()
    results = at.dataframe[-1].value  # preview, rejects, results: the results table is last
    assert list(results["id"]) == ["c2"] and results.iloc[0]["reason"]
    assert at.get("download_button")
    # saved rows are now in the configured DB
    at.radio(key="batch_source").set_value("사례 DB").run()
    assert metrics(at)["사례"] == "3건"


def test_batch_bad_upload_and_missing_description_column(app, fake_engine):
    at = app()
    at.sidebar.radio(key="page").set_value("일괄 평가").run()
    at.file_uploader(key="batch_upload").set_value(("claims.xlsx", b"not a spreadsheet", "application/zip")).run()
    assert any("파일을 읽을 수 없습니다" in e.value for e in at.error)
    at.file_uploader(key="batch_upload").set_value(("claims.csv", b"a,b\n1,2\n", "text/csv")).run()
    at.button(key="batch_run").click().run()
    assert any("사고 설명 열을 지정해 주세요" in e.value for e in at.error)
    assert not exceptions(at)


def test_batch_over_the_configured_db(app, fake_engine):
    from katalog.db import open_db
    from katalog.ui import services

    services.open_db().import_cases([{"id": "d1", "description": "교차로 충돌"},
                                     {"id": "d2", "description": "보험료 문의"}])
    at = app()
    at.sidebar.radio(key="page").set_value("일괄 평가").run()
    at.radio(key="batch_source").set_value("사례 DB").run()
    assert metrics(at)["미평가"] == "2건"
    at.button(key="batch_db_run").click().run()
    assert any("평가 완료: 2건" in s.value for s in at.success), [e.value for e in at.error]
    assert metrics(at)["판단 보류"] == "1건"
    assert open_db is not None


# ---- 한국어 비서 ----------------------------------------------------------------------------
def test_assistant_without_llm_explains_configuration(app, fake_engine):
    at = app()
    at.sidebar.radio(key="page").set_value("한국어 비서").run()
    assert not exceptions(at)
    if at.error:  # task registry not importable yet
        pytest.skip(at.error[0].value)
    setup = " ".join(i.value for i in at.info)
    assert "LLM" in setup and "연결" in setup and "export" not in setup  # plain Korean, no shell lines
    assert any(b.key == "go_analysis" for b in at.button)  # what works without one, one click away
    assert any("KATALOG_LLM_BASE_URL" in md.value for md in at.markdown)  # setup kept for the admin
    assert "41개" in at.selectbox(key="assistant_task").label
    at.button(key="go_analysis").click().run()
    assert at.sidebar.radio(key="page").value == "과실비율 분석"


def test_assistant_chats_with_a_configured_backend(app, fake_engine, monkeypatch):
    monkeypatch.setenv("KATALOG_LLM_BACKEND", "fake")
    at = app()
    at.sidebar.radio(key="page").set_value("한국어 비서").run()
    if at.error:
        pytest.skip(at.error[0].value)
    assert any("fake" in md.value for md in at.sidebar.markdown)  # sidebar shows the backend
    at.chat_input(key="assistant_input").set_value("이 뉴스 제목의 분야를 알려줘: 코스피 2% 상승 마감").run()
    assert len(at.chat_message) == 2 and not exceptions(at)
    assert any(c.value.startswith("과제: ") for c in at.caption)  # the routed task is named
    at.selectbox(key="assistant_task").set_value("ynat_topic").run()
    at.chat_input(key="assistant_input").set_value("삼성전자 신제품 공개").run()
    assert any("직접 선택" in c.value for c in at.caption) and len(at.chat_message) == 4


# ---- real engine ---------------------------------------------------------------------------
@needs_engine
@pytest.mark.slow
def test_real_engine_example_flow(app):
    """Shipped engine + calculator: example → ratio → toggle modifiers → competing chart → save."""
    at = app(timeout=180)
    label, text = next(e for e in EXAMPLES if "차로 변경" in e[0])
    at.selectbox(key="example").set_value(label).run()
    at.button(key="analyze").click().run()
    assert not exceptions(at) and not at.error, [e.value for e in at.error]
    m = metrics(at)
    a, b = int(m["당사 차량 과실"].rstrip("%")), int(m["상대 차량 과실"].rstrip("%"))
    assert a + b == 100 and m["적용 도표"]
    before = m["당사 차량 과실"]
    moved = False
    for i in range(len(modifier_boxes(at))):
        box = modifier_boxes(at)[i]
        was = box.value
        box.set_value(not was).run()
        if metrics(at)["당사 차량 과실"] != before:
            moved = True
            break
        modifier_boxes(at)[i].set_value(was).run()  # clamped at 0/100: undo and try the next one
    assert moved, "no modifier changed the ratio"
    assert not at.error and len(at.code) == 1  # the calculator's formula is shown
    cands = [x for x in at.button if x.key and x.key.startswith("cand_")]
    if cands:
        chart_before = metrics(at)["적용 도표"]
        cands[0].click().run()
        assert metrics(at)["적용 도표"] != chart_before and metrics(at)["도표 신뢰도"] == "사용자 선택"
    at.button(key="save_case").click().run()
    assert any("저장했습니다" in s.value for s in at.success), [e.value for e in at.error]


@needs_engine
@pytest.mark.slow
def test_real_engine_out_of_scope_abstains(app):
    at = app(timeout=180)
    at = analyze(at, EXAMPLES[-1][1])
    assert any("판단을 보류" in w.value for w in at.warning)
    assert "당사 차량 과실" not in metrics(at)
