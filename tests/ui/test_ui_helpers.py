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
    assert [(r["line"], r["reason"]) for r in rejects] == [(3, "사고 설명이 비어 있음"), (4, "중복된 사건 번호")]
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
