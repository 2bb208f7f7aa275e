"""Pure helpers of the app: formatting, uploads, column mapping, result tables, exports."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from katalog.errors import InputError
from katalog.models import Abstention, Assessment
from katalog.ui import batch as ub
from katalog.ui import format as fmt
from katalog.ui.examples import DEFAULT_PARTIES, EXAMPLES


def test_ratio_text_and_bar_follow_party_order_and_escape_names():
    ratio = {"상대 <b>차량</b>": 70, "당사 차량": 30}
    parties = ["당사 차량", "상대 <b>차량</b>"]
    assert fmt.ratio_text(ratio, parties) == "당사 차량 30 : 상대 <b>차량</b> 70"
    bar = fmt.ratio_bar_html(ratio, parties)
    assert 'data-ratio="30:70"' in bar
    assert "width:30%" in bar and "width:70%" in bar
    assert "<b>" not in bar and "&lt;b&gt;" in bar


def test_ratio_bar_hides_label_of_a_thin_segment_and_needs_two_parties():
    bar = fmt.ratio_bar_html({"A": 5, "B": 95}, ["A", "B"])
    assert 'title="A 5%"' in bar and ">A 5%<" not in bar
    assert fmt.ratio_bar_html({"A": 100}, ["A", "B"]) == ""


def test_small_formatters():
    assert fmt.signed(10) == "+10" and fmt.signed(-5) == "-5" and fmt.signed(0) == "0"
    assert fmt.confidence_label(0.9).startswith("높음") and fmt.confidence_label(0.2).startswith("낮음")
    assert fmt.variant_label("가") == "(가)" and fmt.variant_label("기본") == "기본"
    assert fmt.ms(12.3) == "12 ms" and fmt.ms(2500) == "2.5 s" and fmt.ms(None) == "-"
    assert "20% ~ 40%" in fmt.what_if_text({"p": 40}, {"p": 20}, "p")
    assert "30%로 같습니다" in fmt.what_if_text({"p": 30}, {"p": 30}, "p")
    assert fmt.named_ratio(20, 80, "상대", "당사") == {"상대": 20, "당사": 80}


def test_modifier_rows_applied_first_then_possible_without_duplicates():
    applied = [{"modifier_id": "A-1", "party": "A", "party_name": "당사", "name": "야간", "delta": 5,
                "evidence": "밤에", "source": "rules"}]
    possible = [
        {"modifier_id": "A-1", "party": "A", "party_name": "당사", "name": "야간", "delta": 5, "why": ""},
        {"modifier_id": "B-2", "party": "B", "party_name": "상대", "name": "음주", "delta": 20, "why": "확인 필요"},
    ]
    rows = fmt.modifier_rows(applied, possible)
    assert [(r["id"], r["checked"]) for r in rows] == [("A-1", True), ("B-2", False)]
    assert rows[0]["why"] == "밤에" and rows[1]["party"] == "상대"


def test_citation_heading_and_abstention_text():
    head = fmt.citation_heading("committee", "2023-123", "신호 교차로", "청구 30 : 피청구 70")
    assert head.startswith("과실비율분쟁심의위원회") and head.endswith("(청구 30 : 피청구 70)")
    assert "판단을 보류" in fmt.abstention_text("out_of_scope", "교통사고가 아닙니다")


def test_examples_are_written_and_default_parties():
    assert EXAMPLES[0][1] == "" and len(EXAMPLES) >= 5
    assert all(text for _, text in EXAMPLES[1:])
    assert DEFAULT_PARTIES == ("당사 차량", "상대 차량")


# ---- uploads -------------------------------------------------------------------------------
def test_read_csv_utf8_bom_and_cp949():
    text = "사고번호,사고내용\n1,교차로 충돌\n"
    for raw in (text.encode("utf-8-sig"), text.encode("cp949")):
        frame = ub.read_table("cases.csv", raw)
        assert list(frame.columns) == ["사고번호", "사고내용"]
        assert frame.iloc[0]["사고내용"] == "교차로 충돌"


def test_read_xlsx_roundtrip():
    buf = io.BytesIO()
    pd.DataFrame({"id": ["a"], "description": ["후진 충돌"]}).to_excel(buf, index=False)
    frame = ub.read_table("x.xlsx", buf.getvalue())
    assert frame.iloc[0]["description"] == "후진 충돌"


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("a.csv", b"", "비어"),
        ("a.pdf", b"%PDF", "지원하지 않는"),
        ("a.xlsx", b"not a zip", "읽을 수 없습니다"),
        ("a.csv", b"id,description\n", "데이터 행이 없습니다"),
    ],
)
def test_bad_uploads_raise_korean_input_errors(name, data, needle):
    with pytest.raises(InputError) as err:
        ub.read_table(name, data)
    assert needle in str(err.value)


def test_guess_columns_and_cases_with_rejects():
    frame = pd.DataFrame(
        {"사고번호": ["1", "2", "1", "3"], "사고 내용": ["충돌", "", "추돌", "추돌"],
         "청구차량": ["A", "", "A", "A"], "피청구차량": ["B", "", "B", "A"]}
    )
    guess = ub.guess_columns(list(frame.columns))
    assert guess == {"id": "사고번호", "description": "사고 내용", "party_1": "청구차량", "party_2": "피청구차량"}
    cases, rejects = ub.cases_from_table(frame, guess)
    assert [c["id"] for c in cases] == ["1", "3"]
    assert cases[0]["parties"] == ["A", "B"] and cases[1]["parties"] is None  # same name twice → chart order
    assert [(r["line"], r["reason"]) for r in rejects] == [(3, "사고 설명이 비어 있습니다"), (4, "사건 번호가 앞 행과 중복됩니다")]
    with pytest.raises(InputError):
        ub.cases_from_table(frame, {"description": None})


def _assessment(status="ok", final=(30, 70), chart="차43-1", conf=0.8):
    if status == "ok":
        return Assessment(description="d", parties=["당사", "상대"], chart_id=chart, chart_title="t",
                          final={"당사": final[0], "상대": final[1]}, confidence=conf)
    return Assessment(description="d", parties=["당사", "상대"], status="abstained",
                      abstention=Abstention(code="out_of_scope", message="범위 밖"))


def test_results_table_filters_distribution_and_safe_export():
    rows = [
        ub.result_row("c1", _assessment(final=(30, 70))),
        ub.result_row("c2", _assessment(final=(100, 0), chart="차1")),
        ub.result_row("c3", _assessment(status="abstained")),
        ub.result_row("=cmd|' /C calc'!A0", None, error="boom"),
    ]
    frame = ub.results_frame(rows)
    assert ub.status_counts(frame) == {"ok": 2, "abstained": 1, "error": 1}
    assert list(ub.filter_sort(frame, statuses=["ok"], sort_by="fault_1", ascending=False)["id"]) == ["c2", "c1"]
    assert list(ub.filter_sort(frame, charts=["차1"])["id"]) == ["c2"]
    assert list(ub.filter_sort(frame, text="범위")["id"]) == ["c3"]
    dist = ub.ratio_distribution(frame)
    assert int(dist.loc["30%", "건수"]) == 1 and int(dist.loc["100%", "건수"]) == 1 and len(dist) == 11
    assert ub.chart_counts(frame)["건수"].to_dict() == {"차43-1": 1, "차1": 1}
    csv = ub.to_csv_bytes(frame).decode("utf-8-sig")
    assert "'=cmd" in csv and "\n=cmd" not in csv
    assert ub.to_xlsx_bytes(frame)[:2] == b"PK"


def test_variants_table_marks_the_current_variant_and_legend_lists_both_parties():
    from katalog.standard.schema import Ratio, Variant

    table = fmt.variants_table(
        [Variant(key="가", condition="A|녹색", base=Ratio(A=20, B=80)), Variant(key="나", base=Ratio(A=40, B=60))], "나"
    )
    lines = table.splitlines()
    assert lines[2] == "| (가) | A/녹색 | 20 | 80 |" and lines[3] == "| **(나)** | **-** | **40** | **60** |"
    bar = fmt.ratio_bar_html({"당사": 0, "상대": 100}, ["당사", "상대"])
    assert "당사 0%" in bar and "상대 100%" in bar  # the legend names a 0 % party too


# ---- issue 16 helpers ---------------------------------------------------------------------------
def test_confidence_words_follow_calibration_and_drop_with_a_poor_role_fit():
    assert fmt.confidence_words(0.95)["word"] == "높음"
    assert fmt.confidence_words(0.52) == {"word": "보통", "accuracy": 89, "lowered": False, "why": ""}
    assert fmt.confidence_words(0.2)["word"] == "낮음"
    weak = fmt.confidence_words(1.0, role_fit=0.75)
    assert weak["word"] == "보통" and weak["lowered"] and "역할 적합도 0.75" in weak["why"]
    assert fmt.confidence_words(1.0, role_fit=0.6)["word"] == "낮음"
    assert fmt.confidence_words(0.2, role_fit=0.6)["lowered"] is False  # already 낮음
    assert fmt.confidence_text(0.95, 0.95).startswith("높음 — ")


def test_formula_and_prose_name_the_parties():
    formula = "기본 A40:B60 → A 중대한 과실 +20 → B 현저한 과실 +10 → A50:B50 [제외: A 현저한 과실 +10]"
    assert fmt.formula_named(formula, "당사 차량", "상대 차량") == (
        "기본 당사 차량 40 : 상대 차량 60 → 당사 차량 중대한 과실 +20 → 상대 차량 현저한 과실 +10 → "
        "당사 차량 50 : 상대 차량 50 [제외: 당사 차량 현저한 과실 +10]"
    )
    assert fmt.ratios_named("도표의 A, 계산식: 기본 A0:B100.", "갑", "을") == "도표의 A, 계산식: 기본 갑 0 : 을 100."
    assert fmt.people_ids("판례 precedent:2003다6873, 심의사례 KFRC-2018-045956") == "판례 2003다6873, 심의사례 2018-045956"


def test_citation_headings_are_for_people():
    assert fmt.citation_heading("precedent", "precedent:2003다6873", "대법원 2003다6873", None) == "판례 · 대법원 2003다6873"
    assert fmt.citation_heading("committee", "KFRC-2019-008384", "직진 대 직진", "청구 10 : 피청구 90") == (
        "과실비율분쟁심의위원회 심의결정 · 심의 2019-008384 — 직진 대 직진 (청구 10 : 피청구 90)"
    )


def test_korean_text_helpers():
    assert fmt.korean_part("앞 5000자만 분석했습니다. / Only the first 5000 characters were analysed.") == (
        "앞 5000자만 분석했습니다.")
    assert fmt.korean_part("A / B 도표") == "A / B 도표"  # not a bilingual message
    assert [fmt.cell(v) for v in (None, float("nan"), "", "None", 3)] == ["–", "–", "–", "–", "3"]
    long = "가" * 300 + "입니다. " + "나" * 200
    assert fmt.whole_sentences(long) == "가" * 300 + "입니다. … (이하 생략)"  # ends on the last full stop
    assert fmt.whole_sentences("짧은 글.") == "짧은 글."


def test_committee_points_put_decisions_on_the_chart_roles():
    class V:
        def __init__(self, a, b):
            self.base = type("R", (), {"A": a, "B": b})()

    chart = type("C", (), {"variants": [V(20, 80)]})()
    decisions = [
        {"id": "KFRC-1", "base": "청구 20 : 피청구 80", "decided": "청구 30 : 피청구 70"},  # claimant = A
        {"id": "KFRC-2", "base": "피청구 20 : 청구 80", "decided": "피청구 10 : 청구 90"},  # claimant = B
        {"id": "KFRC-3", "base": "청구 50 : 피청구 50", "decided": "청구 40 : 피청구 60"},  # older chart
        {"id": "KFRC-4", "base": "?", "decided": "청구 40 : 피청구 60"},
    ]
    points = fmt.committee_points(decisions, chart)
    assert [(p["id"], p["role"], p["base"], p["final"]) for p in points] == [
        ("KFRC-1", "A", 20, 30), ("KFRC-2", "B", 20, 10), ("KFRC-3", None, 50, 40)]
    svg = fmt.committee_plot_svg(points, "<당사>")
    assert svg.count("<circle") == 6 and "&lt;당사&gt;(A) 과실" in svg and "심의 1" in svg
    assert fmt.committee_plot_svg([], "x") == ""


def test_read_upload_rejects_malformed_rows_with_lines_and_korean_reasons():
    data = (
        "id,description,party_1,party_2\n"
        "c1,교차로 충돌,갑,을\n"
        'c2,"닫히지 않은 따옴표,갑,을\n'
        'c3,"여러 줄\n설명",갑,을\n'
        "c4,칸이,너무,많,다\n"
        "c5,N\x00UL,갑,을\n"
        "c6,짧음\n"
        'c7,"닫힌 뒤" 글자,갑,을\n'
        "c8,정상,,\n"
    ).encode()
    table, rejects = ub.read_upload("x.csv", data)
    assert list(table["id"]) == ["c1", "c3", "c8"] and list(table.index) == [2, 4, 10]
    assert table.loc[4, "description"] == "여러 줄\n설명"
    assert [(r["line"], r["id"]) for r in rejects] == [(3, "c2"), (6, "c4"), (7, "c5"), (8, "c6"), (9, "c7")]
    reasons = [r["reason"] for r in rejects]
    assert "닫히지 않았습니다" in reasons[0] and "칸 수" in reasons[1] and "NUL" in reasons[2]
    assert "5칸" in reasons[1] and "2칸" in reasons[3] and "따옴표" in reasons[4]
    cases, more = ub.cases_from_table(table, ub.guess_columns(list(table.columns)))
    assert [c["id"] for c in cases] == ["c1", "c3", "c8"] and not more
    frame = ub.rejects_frame(rejects)
    assert list(frame.columns) == ["줄", "사건 번호", "제외 사유"] and "None" not in frame.to_csv()


def test_read_upload_mixed_encodings_and_a_file_of_only_bad_rows():
    data = "id,description\nc1,정상\n".encode() + b"c2," + "잘못".encode("cp949") + b"\xff\xfe\n"
    table, rejects = ub.read_upload("x.csv", data)
    assert list(table["id"]) == ["c1"] and rejects[0]["line"] == 3 and "글자를 읽을 수 없습니다" in rejects[0]["reason"]
    table, rejects = ub.read_upload("x.csv", b"id,description\nc1,\"x\n")
    assert table.empty and len(rejects) == 1


def test_korean_export_keeps_the_machine_export_unchanged():
    frame = ub.results_frame([{"id": "c1", "status": "ok", "fault_1": 20, "fault_2": 80, "confidence": 0.9},
                              {"id": "c2", "status": "abstained", "confidence": 0.1}])
    ko = ub.korean_export(frame)
    assert list(ko.columns)[:3] == ["사건 번호", "상태", "도표"] and list(ko["상태"]) == ["판단", "판단 보류"]
    assert list(frame.columns)[:2] == ["id", "status"] and list(frame["status"]) == ["ok", "abstained"]
    shown = ub.display_frame(frame)
    assert "None" not in shown.to_csv() and shown.loc[1, "chart_id"] == "–"


def test_highlight_spans_and_reopen_choices():
    from katalog.models import Assessment, Evidence, Override, PartyMapping

    text = "야간에 <직진>하던 차"
    ev = [Evidence(factor="야간", span="야간", start=0, end=2), Evidence(factor="m", span="<직진>", start=4, end=8)]
    out = fmt.highlight_spans(text, ev)
    assert out.count("<mark") == 2 and "&lt;직진&gt;" in out and "<직진>" not in out
    a = Assessment(description="x", parties=["갑", "을"], mapping=PartyMapping(A="을", B="갑", reason=""),
                   overrides=[Override(field="chart", before="차1-1", after="차2-1"),
                              Override(field="parties", before="A=갑, B=을", after="A=을, B=갑"),
                              Override(field="answer", after="p1.signal=적색")])
    assert fmt.reopen_choices(a) == {"chart_id": "차2-1", "party_a": "을", "answers": {"p1.signal": "적색"}}
    assert fmt.override_rows(a.overrides)[1] == {"항목": "A·B 당사자", "엔진": "A=갑, B=을", "변경": "A=을, B=갑",
                                                 "변경한 사람": "사용자"}


def test_upload_keeps_a_writer_cell_whose_last_line_has_a_rows_shape():
    """The importer's twin case: a real CSV writer's cell that starts with a line break is one cell, while a
    stray quote that swallows whole rows is still one rejected line."""
    import csv

    buf = io.StringIO()
    csv.writer(buf).writerows([["id", "description"], ["F1", "\n0,0"], ["F2", "다음 행"]])
    frame, rejects = ub.read_upload("writer.csv", buf.getvalue().encode())
    assert rejects == [] and list(frame["description"]) == ["\n0,0", "다음 행"]

    late = 'id,description\nL1,"설명 하나\nL2,설명 둘\nL3,설명 셋"\nL4,설명 넷\n'.encode()
    frame, rejects = ub.read_upload("late.csv", late)
    assert [r["line"] for r in rejects] == [2] and list(frame["id"]) == ["L2", "L3", "L4"]
