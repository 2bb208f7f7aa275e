"""KATALOG — the Streamlit app (UI only).

Everything shown comes from the `katalog` API through `katalog.ui.services`; formatting lives in
`katalog.ui.format` / `katalog.ui.batch`. Run: `streamlit run streamlit_app.py`.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import streamlit as st

from katalog.errors import KatalogError
from katalog.josa import fix_josa, josa
from katalog.ui import format as fmt
from katalog.ui import services
from katalog.ui.examples import DEFAULT_PARTIES, EXAMPLES

st.set_page_config(page_title="KATALOG 과실비율 분석", layout="wide")

PAGES = ["과실비율 분석", "일괄 평가", "검토", "한국어 비서"]
LANGS = {"한국어": "ko", "English": "en"}
NONE_COL = "(없음)"


@st.cache_resource(show_spinner=False)
def _warmer() -> services.WarmUp:
    # One per server process. The page paints at once; the engine loads in a background thread.
    return services.WarmUp()


def warm_engine() -> services.WarmUp:
    """The background warm-up, started (or restarted after a failure); `_warmer()` only looks."""
    return _warmer().ensure_started()


def wait_for_engine() -> dict[str, Any]:
    """Block until the warm-up is done (an assessment queues behind it instead of loading twice)."""
    warm = warm_engine()
    if warm.state == "running":
        with st.spinner("분석 엔진을 준비하는 중입니다. 잠시만 기다려 주세요…"):
            return warm.wait(180)
    return warm.wait(0)


@st.cache_data(ttl=30, show_spinner=False)
def _llm_status(config_key: tuple) -> dict[str, Any]:
    # Keyed by the KATALOG_LLM_* settings; a health probe may be a network call, so not on every rerun.
    return services.llm_status()


@st.cache_data(ttl=300, show_spinner=False)
def _versions(db_url: str) -> dict[str, str]:
    return {
        "engine": services.engine_version(),
        "standard": services.standard_version(),
        "index": services.index_version(),
    }


# --------------------------------------------------------------------------------------------
# Sidebar
# --------------------------------------------------------------------------------------------
def sidebar() -> tuple[str, str]:
    with st.sidebar:
        st.title("KATALOG")
        st.caption("자동차사고 과실비율 분석 · 손해보험협회 인정기준 기반")
        page = st.radio("메뉴", PAGES, key="page")
        lang = LANGS[st.radio("설명 언어", list(LANGS), key="lang", horizontal=True)]
        st.divider()
        st.subheader("시스템 상태")
        health = _llm_status(services.llm_config_key())
        if health["backend"] == "none":
            st.markdown("**LLM**: 사용 안 함 (규칙 엔진)")
        else:
            state = ":green[정상]" if health.get("ok") else ":red[응답 없음]"
            st.markdown(f"**LLM**: {state} · {health['backend']} · `{health.get('model') or '-'}`")
        if health.get("detail"):
            st.caption(str(health["detail"]))
        if health["backend"] != "none":
            st.toggle("분석에 LLM 사용", value=True, key="use_llm",
                      help="LLM은 사실·도표를 제안만 하고, 비율은 항상 계산기가 계산합니다.")
        engine_status()
        st.caption(f"사례 DB: `{services.db_url()}`")
    return page, lang


def engine_status() -> None:
    """Engine readiness; while the warm-up runs it refreshes itself every second."""
    warm = _warmer()
    every = 1.0 if warm.state == "running" else None

    def _show() -> None:
        w = _warmer()
        with st.container(key="engine_status"):
            if w.state == "running":
                st.markdown(f"**엔진**: :orange[준비 중…] ({w.elapsed_s:.0f}초)")
                st.caption("화면은 바로 쓸 수 있습니다. 첫 분석은 준비가 끝나면 시작됩니다.")
            elif w.state == "ok":
                st.markdown(f"**엔진**: :green[준비됨] (준비 {fmt.ms(w.result['ms'])})")
                v = _versions(services.db_url())
                st.caption(f"엔진 {v['engine']} · 기준 데이터 {v['standard']} · 색인 {v['index']}")
            else:
                st.markdown("**엔진**: :red[사용할 수 없음]")
        if every and w.state != "running":
            st.rerun()  # ready: one full rerun so the page drops its "준비 중" notes

    st.fragment(run_every=every)(_show)()


# --------------------------------------------------------------------------------------------
# 과실비율 분석
# --------------------------------------------------------------------------------------------
def _apply_example() -> None:
    label = st.session_state.get("example")
    text = dict(EXAMPLES).get(label, "")
    if text:
        st.session_state["description"] = text


def _parties() -> list[str] | None:
    p1 = st.session_state.get("party_1", "").strip()
    p2 = st.session_state.get("party_2", "").strip()
    if p1 and p2:
        return [p1, p2]
    return None


def _run_assessment(answers: dict[str, str] | None = None, chart_id: str | None = None, *, fresh: bool = False) -> None:
    """Assess the description with the user's answers, pinned chart and A/B assignment (all kept).

    The result on screen is recomputed with the changed choices (`services.reassess`: the text is not
    read again) while it is of the same description and names; `fresh` reads the text anew."""
    description = st.session_state.get("description", "")
    if not description.strip():
        st.session_state["analysis_error"] = "사고 설명을 입력해 주세요. 예시 사고를 골라 시작할 수도 있습니다."
        st.session_state.pop("result", None)
        return
    parties = _parties()
    if parties and parties[0] == parties[1]:
        st.session_state["analysis_error"] = "두 당사자의 이름이 같습니다. 서로 다른 이름을 입력해 주세요."
        return
    warm = wait_for_engine()
    if not warm["ok"]:
        st.session_state["analysis_error"] = f"분석 엔진을 사용할 수 없습니다: {warm['error']}"
        return
    llm = None
    if st.session_state.get("use_llm"):
        try:
            llm = services.llm_backend()
        except KatalogError as exc:
            st.session_state["llm_error"] = str(exc)
    party_a = st.session_state.get("party_a")
    if party_a and parties and party_a not in parties:
        party_a = None  # the names were edited since the swap: the engine maps them again
    shown = st.session_state.get("result")
    accident_date = st.session_state.get("accident_date")  # None: the current edition (or a date in the text)
    same_case = (not fresh and shown is not None and shown.description == description
                 and st.session_state.get("result_parties") == parties
                 and st.session_state.get("result_date") == accident_date)
    t0 = time.perf_counter()
    try:
        with st.spinner("분석 중…"):
            if same_case:
                result = services.reassess(shown, answers=answers or None, chart_id=chart_id or None,
                                           party_a=party_a or None, variant=None, modifiers=None, llm=llm)
            else:
                result = services.assess(
                    description,
                    parties,
                    llm=llm,
                    answers=answers,
                    language=st.session_state.get("lang_code", "ko"),
                    chart_id=chart_id,
                    party_a=party_a,
                    accident_date=accident_date,
                )
    except KatalogError as exc:
        st.session_state["analysis_error"] = str(exc)
        st.session_state.pop("result", None)
        return
    st.session_state["analysis_error"] = None
    st.session_state["result"] = result
    st.session_state["result_parties"] = parties
    st.session_state["result_date"] = accident_date
    st.session_state["answers"] = dict(answers or {})
    st.session_state["result_token"] = st.session_state.get("result_token", 0) + 1
    st.session_state["pinned_chart"] = chart_id
    st.session_state["party_a"] = party_a
    st.session_state["assess_ms"] = (time.perf_counter() - t0) * 1000


def _rerun_with(**changes: Any) -> None:
    """Re-assess keeping everything the user chose, except `changes` (chart_id / party_a)."""
    if "party_a" in changes:
        st.session_state["party_a"] = changes["party_a"]
    chart_id = changes.get("chart_id", st.session_state.get("pinned_chart"))
    _run_assessment(answers=st.session_state.get("answers"), chart_id=chart_id)
    st.rerun()


def _open_pending_case() -> None:
    """A case opened from the review page (button or `?case=` link): its text, names and choices."""
    case = st.session_state.pop("open_case", None)
    if not case:
        return
    st.session_state["answers"] = case.get("answers") or {}
    st.session_state["party_a"] = case.get("party_a")
    _run_assessment(answers=case.get("answers") or None, chart_id=case.get("chart_id"), fresh=True)
    st.session_state["opened_case"] = case.get("id")


def page_analysis() -> None:
    st.header("과실비율 분석")
    st.caption("사고 상황을 한국어로 적으면 해당 인정기준 도표, 수정요소, 과실비율과 근거를 보여 줍니다.")
    warm = _warmer()
    if warm.state == "running":
        st.info("분석 엔진을 준비하고 있습니다. 사고 설명을 적는 동안 끝나며, 먼저 누르면 준비가 끝나는 대로 분석합니다.")
    st.selectbox("예시 사고", [label for label, _ in EXAMPLES], key="example", on_change=_apply_example)
    st.text_area(
        "사고 설명",
        key="description",
        height=140,
        max_chars=20000,
        placeholder="예: 신호 없는 교차로에서 직진하던 당사 차량과 오른쪽 도로에서 진입한 상대 차량이 충돌했습니다.",
    )
    # Defaults through session state, not `value=`: opening a saved case sets the names, and a widget
    # given both shows Streamlit's "set via the Session State API" warning.
    st.session_state.setdefault("party_1", DEFAULT_PARTIES[0])
    st.session_state.setdefault("party_2", DEFAULT_PARTIES[1])
    c1, c2, cd, c3 = st.columns([2, 2, 1.4, 1])
    c1.text_input("당사자 1", key="party_1")
    c2.text_input("당사자 2", key="party_2")
    cd.date_input("사고 일자 (선택)", value=None, key="accident_date", min_value=date(2000, 1, 1),
                  max_value=date.today(), format="YYYY-MM-DD",
                  help="사고 당시 시행된 인정기준으로 판단합니다. 비워 두면 현행 기준(설명에 날짜가 있으면 그 날짜)입니다.")
    with c3:
        st.write("")
        if st.button("분석하기", type="primary", key="analyze", width="stretch"):
            # A new analysis starts from the engine's own choices.
            st.session_state["answers"] = {}
            st.session_state["party_a"] = None
            st.session_state.pop("opened_case", None)
            _run_assessment(fresh=True)
    _open_pending_case()
    if st.session_state.get("opened_case"):
        st.caption(f"검토 화면에서 연 사례 {st.session_state['opened_case']}입니다.")
    if st.session_state.get("analysis_error"):
        st.error(st.session_state["analysis_error"])
    if st.session_state.get("llm_error"):
        st.warning(f"LLM을 사용할 수 없어 규칙 엔진만으로 분석했습니다: {st.session_state.pop('llm_error')}")
    result = st.session_state.get("result")
    if result is not None:
        render_result(result)


def _ko(text: str) -> str:
    """Engine text for a Korean screen: particles resolved, the English half of "한국어 / English" dropped."""
    text = fix_josa(text or "")
    if st.session_state.get("lang_code") != "en":
        text = fmt.korean_part(text)
    return text


@st.fragment
def render_result(result: Any) -> None:
    """The result panel. A fragment: toggling a modifier or a variant reruns only this panel."""
    token = st.session_state.get("result_token", 0)
    st.divider()
    if result.status == "error":
        st.error(f"분석 중 오류가 발생했습니다: {result.error or '알 수 없는 오류'}")
        return
    if result.status == "abstained" or result.final is None:
        ab = result.abstention
        with st.container(key="abstention"):
            st.warning(_ko(fmt.abstention_text(ab.code if ab else "insufficient", ab.message if ab else "")))
        render_questions(result, token)
        render_candidates(result, token, abstained=True)
        render_chart_picker()
        return

    chart_id, variant = result.chart_id, result.variant
    scope = str(token)
    chart = services.get_chart(chart_id)
    mapping = result.mapping
    names = list(result.parties)
    a_name, b_name = (mapping.A, mapping.B) if mapping else (names[0], names[1])

    # Variant picker value must be known before the ratio is drawn, so read the widget state first.
    variant = st.session_state.get(f"variant_{scope}", variant)
    rows = _modifier_rows(result, chart, variant)
    selected = [r["id"] for i, r in enumerate(rows) if st.session_state.get(f"mod_{scope}_{i}", r["checked"])]
    default = [r["id"] for r in rows if r["checked"]]

    calc_error = None
    if variant == result.variant and selected == default and result.calculation is not None:
        calc, final = result.calculation, dict(result.final)
    else:
        try:
            calc = services.recompute(chart_id, variant, selected)
            final = fmt.named_ratio(calc.final.A, calc.final.B, a_name, b_name)
        except KatalogError as exc:
            calc_error = str(exc)
            calc, final = result.calculation, dict(result.final)

    render_header(result, chart, final, names)
    with st.container(key="ratio_result"):
        caption = "수정요소를 바꾸어 다시 계산한 결과" if final != result.final else ""
        st.markdown(fmt.ratio_bar_html(final, names, caption=caption, token=str(token)), unsafe_allow_html=True)
        cols = st.columns(4)
        for col, name in zip(cols[:2], names, strict=False):
            base = result.base.get(name) if result.base else None
            delta = None if base is None or final[name] == base else f"{final[name] - base:+d} (기본 대비)"
            col.metric(f"{name} 과실", f"{final[name]}%", delta=delta, delta_color="inverse")
        cols[2].metric("적용 도표", chart_id)
        pinned = st.session_state.get("pinned_chart")
        words = fmt.confidence_words(result.confidence, getattr(result, "role_fit", None))
        cols[3].metric("도표 신뢰도", "사용자 선택" if pinned else words["word"])
    if calc_error:
        st.error(calc_error)
    render_overrides(result, chart_id)
    for w in result.warnings:
        st.caption(f"주의: {_ko(w)}")

    card, scene = st.columns([3, 2], gap="large")
    with card:
        render_chart_card(result, chart, chart_id, variant, scope, a_name, b_name)
    with scene:
        render_sketch(result)
    left, right = st.columns([3, 2], gap="large")
    with left:
        render_modifiers(rows, scope, a_name, b_name)
        if calc is not None:
            st.markdown("**계산식**")
            st.code(fmt.formula_named(calc.formula, a_name, b_name), language=None)
            st.caption(f"A = {a_name}, B = {b_name}. 수정요소는 해당 당사자의 과실에 더합니다.")
    with right:
        explanation = result.explanation
        if st.session_state.get("lang_code") == "en" and not services.engine_speaks("en"):
            explanation = fmt.explanation_en(result, final)
        if explanation:
            st.markdown("**설명**" if st.session_state.get("lang_code") != "en" else "**Explanation**")
            st.write(fmt.people_ids(fmt.ratios_named(fix_josa(explanation), a_name, b_name)))
            if final != result.final:
                st.caption("설명은 엔진의 원래 판단을 기준으로 합니다. 조정한 결과는 위 비율과 계산식을 보세요.")
        if result.what_if and names[0] in result.what_if.low:
            st.markdown("**가능한 범위 (확인되지 않은 사실에 따라)**")
            st.info(fmt.what_if_text(result.what_if.low, result.what_if.high, names[0]))
            for sc in result.what_if.scenarios:
                st.caption(f"· {sc}")
        render_questions(result, token)
        render_candidates(result, token)
    render_chart_picker()
    render_committee(result, chart, a_name)
    render_citations(result)
    render_save(result, calc, chart_id, variant, selected)
    timings = result.timings_ms or {}
    total = timings.get("total") or sum(timings.values()) if timings else None
    llm_used = "사용 안 함" if result.llm.backend == "none" else (
        result.llm.backend + (f" ({result.llm.model})" if result.llm.model else ""))
    st.caption(
        f"엔진 {result.engine_version or services.engine_version()} · 기준 {result.standard_version or '–'} · "
        f"LLM {llm_used} · 분석 {fmt.ms(total)} · 화면 {fmt.ms(st.session_state.get('assess_ms'))}"
    )
    if result.llm.disagreement:
        st.warning(f"규칙 엔진과 LLM의 판단이 다릅니다: {result.llm.disagreement}")


def render_header(result: Any, chart: Any, final: dict[str, int], names: list[str]) -> None:
    """What an adjuster reads first: the chart, the named split and how far to trust it."""
    title = chart.title if chart is not None else (result.chart_title or "")
    with st.container(key="result_header"):
        st.markdown(f"### 도표 {result.chart_id} · {title}")
        st.markdown(f"**{fmt.ratio_text(final, names)}**")
        if st.session_state.get("pinned_chart"):
            st.caption("도표 신뢰도: 사용자가 고른 도표입니다 (엔진의 신뢰도는 적용하지 않음).")
            return
        words = fmt.confidence_words(result.confidence, getattr(result, "role_fit", None))
        text = f"도표 신뢰도 **{words['word']}**"
        if words["lowered"]:
            st.warning(f"{text} — {words['why']}. 도표와 A·B 대응을 확인하고, 맞지 않으면 아래에서 바꾸세요.")
        else:
            st.caption(f"{text} — 비슷한 신뢰도의 개발 사례 중 {words['accuracy']}%에서 도표가 맞았습니다 "
                       f"(수치 {result.confidence:.2f}).")


def render_overrides(result: Any, chart_id: str) -> None:
    """The user's changes against the engine, each with a way back."""
    pinned = st.session_state.get("pinned_chart")
    party_a = st.session_state.get("party_a")
    if not pinned and not party_a:
        return
    with st.container(key="overrides"):
        if pinned:
            st.info(f"사용자가 고른 도표 {chart_id}로 다시 분석한 결과입니다.")
        if party_a and result.mapping is not None:
            st.info(f"사용자가 A·B를 지정했습니다: A = {result.mapping.A}, B = {result.mapping.B}. "
                    "추가 질문에 답하거나 도표를 바꾸어도 이 지정은 유지됩니다.")
        c1, c2 = st.columns(2)
        if pinned and c1.button("엔진이 고른 도표로 돌아가기", key="chart_reset"):
            _rerun_with(chart_id=None)
        if party_a and c2.button("엔진의 A·B 대응으로 돌아가기", key="swap_reset"):
            _rerun_with(party_a=None)


def _modifier_rows(result: Any, chart: Any, variant: str | None) -> list[dict[str, Any]]:
    """Rows of the checkbox table: the engine's applied (checked) and possible (unchecked) modifiers."""
    rows = fmt.modifier_rows([m.model_dump() for m in result.applied], [m.model_dump() for m in result.possible])
    if variant != result.variant and chart is not None:
        # Another variant of the same chart: keep only modifiers valid for it.
        valid = {m.id for m in chart.modifiers_for(variant)}
        rows = [r for r in rows if r["id"] in valid]
    return rows


def render_chart_card(
    result: Any, chart: Any, chart_id: str, variant: str | None, scope: str, a_name: str, b_name: str
) -> None:
    with st.container(border=True, key="chart_card"):
        title = chart.title if chart is not None else (result.chart_title or "")
        st.markdown(f"#### 도표 {chart_id} · {title}")
        if chart is None:
            st.caption(f"변형 {fmt.variant_label(variant)} — 도표 상세는 기준 데이터가 준비되면 표시됩니다.")
            return
        st.caption(f"{chart.category} · {chart.book}" + (f" · {chart.section}" if chart.section else ""))
        if result.edition_note and chart_id == result.chart_id:  # which edition, and why (the accident date)
            st.caption(result.edition_note)
        if chart.same_as:  # the same chart in another book (비정형-4 = 차3-8): name it
            st.caption(fmt.twin_line(chart, services.load_standard()))
        if chart_id == result.chart_id:
            render_near_same(result)
        r1, r2 = st.columns([3, 2])
        r1.markdown(
            f"- **A** ({a_name}): {chart.parties['A'].label}\n- **B** ({b_name}): {chart.parties['B'].label}"
        )
        if r2.button("A⇄B 바꾸기", key="swap", help=f"{josa(b_name, '을/를')} A로, {josa(a_name, '을/를')} B로 바꾸어 다시 계산합니다"):
            _rerun_with(party_a=b_name)
        if result.mapping and chart_id == result.chart_id:
            st.caption(f"당사자 대응 근거: {fix_josa(result.mapping.reason)}")
        st.markdown(fmt.variants_table(chart.variants, variant))
        if len(chart.variants) > 1:
            keys = chart.variant_keys
            index = keys.index(variant) if variant in keys else 0
            st.selectbox(
                "적용 변형", keys, index=index, key=f"variant_{scope}", format_func=fmt.variant_label
            )
        situation = chart.situation or chart.summary
        if situation and situation.strip() != title.strip():
            with st.expander("도표의 사고 상황 (인정기준 원문)"):
                st.write(situation)
                if chart.application:
                    st.caption(f"적용 범위: {chart.application}")


def render_near_same(result: Any) -> None:
    """The same situation in another book with other values (비슷한 도표), each one click from being applied."""
    near = list(getattr(result, "near_same", None) or [])
    if not near:
        return
    with st.container(key="near_same"):
        st.caption("비슷한 도표 — 다른 기준서에서 같은 상황을 다른 비율·수정요소로 정한 도표입니다.")
        for i, n in enumerate(near):
            c1, c2 = st.columns([4, 1])
            c1.caption(fmt.near_same_text(n))
            if c2.button("이 도표로 보기", key=f"near_{i}", help=f"{n.chart_id}로 다시 계산 (A·B 지정은 유지)"):
                _rerun_with(chart_id=n.chart_id)


def render_sketch(result: Any) -> None:
    """This accident drawn from its facts (redrawn on every new result: facts, chart or A/B)."""
    sk = services.sketch(result)
    with st.container(border=True, key="sketch"):
        st.markdown("**사고 장면** — 설명에서 읽은 사실로 그렸습니다")
        if not sk.drawn:
            st.info(sk.reason or "사고 장면을 그릴 수 없습니다.")
            return
        st.markdown(f'<div class="katalog-sketch-wrap">{sk.fluid()}</div>', unsafe_allow_html=True)
        for note in sk.notes:
            st.caption(f"· {note}")
        st.caption("그림은 설명을 확인하기 위한 것이며 거리·각도는 실제와 다를 수 있습니다.")


def render_modifiers(rows: list[dict[str, Any]], scope: str, a_name: str, b_name: str) -> None:
    st.markdown("**수정요소** — 체크를 바꾸면 즉시 다시 계산합니다")
    if not rows:
        st.caption("이 도표·변형에 적용할 수 있는 수정요소가 없습니다.")
        return
    with st.container(key="modifiers"):
        for i, r in enumerate(rows):
            c1, c2, c3 = st.columns([5, 1, 4])
            c1.checkbox(f"{r['name']} ({r['party']})", value=bool(r["checked"]), key=f"mod_{scope}_{i}")
            c2.markdown(f"`{fmt.signed(int(r['delta']))}`")
            if r["why"]:
                label = "근거" if r["checked"] else "확인 필요"
                c3.caption(f"{label}: {_ko(str(r['why']))}")


def render_questions(result: Any, token: int) -> None:
    if not result.questions:
        return
    st.markdown("**추가 질문** — 답하면 더 정확하게 다시 분석합니다")
    with st.container(key="questions"):
        for i, q in enumerate(result.questions):
            label = _ko(q.text) + (f" (최대 {q.impact}%p 영향)" if q.impact else "")
            if q.options:
                st.selectbox(label, ["선택 안 함", *q.options], key=f"q_{token}_{i}")
            else:
                st.text_input(label, key=f"q_{token}_{i}")
        if st.session_state.get("party_a") or st.session_state.get("pinned_chart"):
            st.caption("다시 분석해도 사용자가 고른 도표와 A·B 지정은 그대로 둡니다.")
        if st.button("답변 반영하여 다시 분석", key="answer_submit"):
            answers = dict(st.session_state.get("answers") or {})
            for i, q in enumerate(result.questions):
                value = str(st.session_state.get(f"q_{token}_{i}") or "").strip()
                if value and value != "선택 안 함":
                    answers[q.id] = value
            if not answers:
                st.warning("답변을 하나 이상 선택해 주세요.")
            else:
                _run_assessment(answers=answers, chart_id=st.session_state.get("pinned_chart"))
                st.rerun()


def render_candidates(result: Any, token: int, *, abstained: bool = False) -> None:
    others = [c for c in result.candidates if c.chart_id != result.chart_id][:4]
    if not others:
        return
    st.markdown("**경쟁 도표**" if not abstained else "**참고: 가까운 도표 후보**")
    with st.container(key="candidates"):
        for i, c in enumerate(others, start=1):
            c1, c2 = st.columns([3, 1])
            words = fmt.confidence_words(c.confidence)["word"]
            c1.markdown(f"`{c.chart_id}` {c.title} · 신뢰도 {words} ({c.confidence:.2f})")
            if c.reasons:
                c1.caption(" · ".join(fmt.reason_ko(r) for r in c.reasons[:3]))
            if c2.button("적용", key=f"cand_{token}_{i}", help=f"{c.chart_id}로 다시 분석 (A·B 지정은 유지)"):
                _rerun_with(chart_id=c.chart_id)


def render_chart_picker() -> None:
    """Browse the standard: search by id, keyword and category, see a chart's card, apply it."""
    with st.expander("도표 찾아 고르기 — 번호·낱말·분류로 인정기준 전체 검색", expanded=False):
        c1, c2 = st.columns([3, 2])
        query = c1.text_input("도표 번호 또는 낱말", key="chart_search", placeholder="예: 차41-1, 추돌, 회전교차로 진입")
        categories = ["전체", *services.chart_categories()]
        category = c2.selectbox("분류", categories, key="chart_category")
        found = services.search_charts(query, None if category == "전체" else category)
        if not found:
            st.caption("조건에 맞는 도표가 없습니다. 번호(예: 차43-1)나 다른 낱말로 찾아 보세요.")
            return
        titles = {c.id: c.title for c in found}
        pick = st.selectbox(f"검색 결과 {len(found)}개" + (" (앞 60개)" if len(found) >= 60 else ""),
                            list(titles), key="chart_pick", format_func=lambda i: f"{i} · {titles[i]}")
        chart = next(c for c in found if c.id == pick)
        with st.container(border=True, key="chart_preview"):
            st.markdown(f"**도표 {chart.id} · {chart.title}**")
            st.caption(f"{chart.category} · {chart.book}" + (f" · {chart.section}" if chart.section else ""))
            if chart.same_as:
                st.caption(fmt.twin_line(chart, services.load_standard()))
            st.markdown(f"- **A**: {chart.parties['A'].label}\n- **B**: {chart.parties['B'].label}")
            st.markdown(fmt.variants_table(chart.variants))
            if chart.situation or chart.summary:
                st.caption(chart.situation or chart.summary)
        if st.button(f"{pick} 도표로 다시 분석", key="chart_apply", type="primary"):
            _rerun_with(chart_id=pick)


def render_committee(result: Any, chart: Any, a_name: str) -> None:
    """How the dispute-committee decisions on this chart ended: base → decided fault of A."""
    cited = [c.id for c in result.citations if c.kind == "committee"]
    decisions = services.committee_decisions(result.chart_id, cited)
    points = fmt.committee_points([d for d in decisions if d["on_chart"]], chart)
    if not points:
        return
    with st.container(key="committee_plot"):
        st.markdown(f"**이 도표에 대한 분쟁심의위원회 결정 {len(points)}건** — 기본 비율에서 어떻게 결정되었나")
        st.markdown(fmt.committee_plot_svg(points, a_name), unsafe_allow_html=True)
        moved = sum(1 for p in points if p["base"] != p["final"])
        note = f"{len(points)}건 중 {moved}건은 수정요소로 기본 비율과 다르게 결정되었습니다."
        if any(p["cited"] for p in points):
            note += " ★ 표시는 위 근거에 인용된 결정입니다."
        if any(p["role"] is None for p in points):
            note += " 회색은 옛 도표의 기본 비율로 결정된 사례라 청구 측 과실로 그렸습니다."
        st.caption(note)


def render_citations(result: Any) -> None:
    if not result.citations:
        return
    st.markdown("**근거**")
    for kind in ("chart", "law", "precedent", "committee"):
        for c in (c for c in result.citations if c.kind == kind):
            with st.expander(fmt.citation_heading(c.kind, c.id, c.title, c.ratio)):
                if kind == "law":
                    st.write(services.law_text(c.title, c.text) or "(본문 없음)")  # the whole article
                else:
                    st.write(fmt.whole_sentences(c.text) or "(본문 없음)")


def render_save(result: Any, calc: Any, chart_id: str, variant: str | None, selected: list[str]) -> None:
    c1, c2 = st.columns([2, 1])
    by = c1.text_input("담당자 (선택, 변경 기록에 남습니다)", key="save_by")
    with c2:
        st.write("")
        clicked = st.button("사례 DB에 저장", key="save_case")
    if clicked:
        try:
            to_save = services.adjusted_assessment(result, calc, chart_id, variant, selected, by=by)
            saved = services.save_assessment(to_save)
        except KatalogError as exc:
            st.error(f"저장하지 못했습니다: {exc}")
        else:
            st.session_state["saved_case"] = saved
            changes = len(getattr(to_save, "overrides", []) or [])
            extra = f" 사용자 변경 {changes}건을 함께 기록했습니다." if changes else ""
            st.success(f"사례 DB에 저장했습니다 (사건 번호 {saved}).{extra} 검토 화면에서 확인할 수 있습니다.")


# --------------------------------------------------------------------------------------------
# 일괄 평가
# --------------------------------------------------------------------------------------------
def page_batch() -> None:
    st.header("일괄 평가")
    st.caption("CSV/XLSX 파일이나 사례 DB의 사고들을 한 번에 평가합니다.")
    source = st.radio("데이터", ["파일 업로드", "사례 DB"], key="batch_source", horizontal=True)
    if source == "파일 업로드":
        _batch_upload()
    else:
        _batch_db()
    frame = st.session_state.get("batch_results")
    if frame is not None and st.session_state.get("batch_results_source") == source:
        render_batch_results(frame)


def _batch_upload() -> None:
    from katalog.ui import batch as ub  # pandas: imported when the batch page needs it

    upload = st.file_uploader("CSV 또는 XLSX (열: id, description, party_1, party_2)", type=["csv", "xlsx"],
                              key="batch_upload")
    if upload is None:
        return
    try:
        table, bad_rows = ub.read_upload(upload.name, upload.getvalue())
    except KatalogError as exc:
        st.error(str(exc))
        return
    st.caption(f"{upload.name}: 읽은 행 {len(table):,}건 · 열 {', '.join(table.columns)}")
    if bad_rows:
        with st.container(key="upload_rejects"):
            st.warning(f"형식이 잘못된 {len(bad_rows)}개 행은 빼고, 나머지 {len(table):,}개 행을 평가합니다.")
            st.dataframe(ub.rejects_frame(bad_rows), hide_index=True, width="stretch", key="upload_rejects_table")
    if table.empty:
        st.error("읽을 수 있는 행이 없습니다. 위 표의 사유를 고친 뒤 다시 올려 주세요.")
        return
    st.dataframe(table.head(5), hide_index=True, width="stretch")
    guess = ub.guess_columns(list(table.columns))
    options = [NONE_COL, *table.columns]
    cols = st.columns(4)
    mapping: dict[str, str | None] = {}
    for col, field in zip(cols, ub.FIELDS, strict=True):
        default = guess[field]
        choice = col.selectbox(ub.FIELD_KO[field], options, index=options.index(default) if default else 0,
                               key=f"map_{field}")
        mapping[field] = None if choice == NONE_COL else choice
    save = st.checkbox("결과를 사례 DB에도 저장", value=False, key="batch_save_db")
    if st.button("평가 실행", type="primary", key="batch_run"):
        try:
            cases, rejects = ub.cases_from_table(table, mapping)
        except KatalogError as exc:
            st.error(str(exc))
            return
        run_batch(cases, [*bad_rows, *rejects], save=save)


def run_batch(cases: list[dict], rejects: list[dict], *, save: bool = False) -> None:
    from katalog.ui import batch as ub  # pandas: imported when the batch page needs it

    wait_for_engine()
    progress = st.progress(0.0, text="평가 준비 중…")
    rows = []
    save_errors: list[str] = []
    t0 = time.perf_counter()
    for i, case in enumerate(cases, start=1):
        try:
            a = services.assess(case["description"], case["parties"])
            rows.append(ub.result_row(case["id"], a))
        except KatalogError as exc:
            rows.append(ub.result_row(case["id"], None, error=str(exc)))
            a = None
        if save and a is not None and not save_errors:
            try:
                services.save_case_assessment(case, a)
            except KatalogError as exc:
                save_errors.append(str(exc))
        progress.progress(i / max(len(cases), 1), text=f"{i:,} / {len(cases):,}건 평가")
    elapsed = time.perf_counter() - t0
    progress.progress(1.0, text=f"완료: {len(cases):,}건 · {elapsed:.1f}초")
    st.session_state["batch_results"] = ub.results_frame(rows)
    st.session_state["batch_results_source"] = "파일 업로드"
    st.session_state["batch_rejects"] = rejects
    st.session_state["batch_seconds"] = elapsed
    if save_errors:
        st.error(f"사례 DB에 저장하지 못했습니다: {save_errors[0]}")


def _batch_db() -> None:
    from katalog.ui import batch as ub  # pandas: imported when the batch page needs it

    url = services.db_url()
    st.caption(f"설정된 사례 DB: `{url}` — 아직 평가하지 않은 사례를 평가합니다.")
    try:
        summary = services.db_summary(url)
    except KatalogError as exc:
        st.error(f"사례 DB를 사용할 수 없습니다: {exc}")
        return
    c = st.columns(4)
    c[0].metric("사례", f"{summary.get('cases') or 0:,}건")
    c[1].metric("평가됨", f"{summary.get('scored') or 0:,}건")
    c[2].metric("미평가", f"{summary.get('unscored') or 0:,}건")
    c[3].metric("검토 대기", f"{summary.get('review_queue') or 0:,}건")
    if st.button("DB 결과 불러오기", key="batch_db_load"):
        try:
            st.session_state["batch_results"] = ub.results_frame(services.db_results(url))
            st.session_state["batch_results_source"] = "사례 DB"
            st.session_state["batch_rejects"] = []
        except KatalogError as exc:
            st.error(str(exc))
    if st.button("DB 사례 평가", type="primary", key="batch_db_run"):
        progress = st.progress(0.0, text="평가 중…")
        try:
            stats = services.db_score(url, progress=lambda done, total: progress.progress(
                min(done / max(total, 1), 1.0), text=f"{done:,} / {total:,}건"))
            st.session_state["batch_results"] = ub.results_frame(services.db_results(url))
            st.session_state["batch_results_source"] = "사례 DB"
            st.session_state["batch_rejects"] = []
        except KatalogError as exc:
            st.error(f"일괄 평가에 실패했습니다: {exc}")
            return
        progress.progress(1.0, text="완료")
        st.success(
            f"평가 완료: {stats.get('scored', 0):,}건 (판단 {stats.get('ok', 0):,} · 보류 {stats.get('abstained', 0):,}"
            f" · 오류 {stats.get('errors', 0):,}) · {stats.get('throughput', 0)}건/초"
        )


def render_batch_results(frame: Any) -> None:
    from katalog.ui import batch as ub  # pandas: imported when the batch page needs it

    st.divider()
    counts = ub.status_counts(frame)
    with st.container(key="batch_summary"):
        c = st.columns(4)
        c[0].metric("전체", f"{len(frame):,}건")
        c[1].metric("판단", f"{counts['ok']:,}건")
        c[2].metric("판단 보류", f"{counts['abstained']:,}건")
        c[3].metric("오류", f"{counts['error']:,}건")
    rejects = st.session_state.get("batch_rejects") or []
    if rejects:
        with st.expander(f"제외된 행 {len(rejects)}건 — 줄 번호와 사유", expanded=True):
            st.dataframe(ub.rejects_frame(rejects), hide_index=True, width="stretch", key="batch_rejects_table")
    f1, f2, f3, f4 = st.columns([2, 2, 2, 2])
    statuses = f1.multiselect("상태", sorted(frame["status"].dropna().unique()), key="batch_filter_status",
                              format_func=lambda s: fmt.STATUS_KO.get(s, s), placeholder="전체")
    charts = f2.multiselect("도표", sorted(frame["chart_id"].dropna().unique()), key="batch_filter_chart",
                            placeholder="전체")
    sort_by = f3.selectbox("정렬", ["id", "confidence", "fault_1", "chart_id", "status"], key="batch_sort",
                           format_func=lambda c: ub.COLUMN_KO.get(c, c))
    text = f4.text_input("검색", key="batch_search")
    ascending = st.toggle("오름차순", value=True, key="batch_asc")
    view = ub.filter_sort(frame, statuses=statuses, charts=charts, text=text, sort_by=sort_by, ascending=ascending)
    st.dataframe(ub.display_frame(view), hide_index=True, width="stretch", key="batch_table",
                 column_config={c: st.column_config.Column(ub.COLUMN_KO.get(c, c)) for c in view.columns})
    g1, g2 = st.columns(2)
    with g1:
        st.markdown("**도표별 건수**")
        st.bar_chart(ub.chart_counts(frame), sort="-건수", x_label="도표", y_label="건수")
    with g2:
        st.markdown("**당사자 1 과실 분포**")
        st.bar_chart(ub.ratio_distribution(frame), sort=False, x_label="당사자 1 과실", y_label="건수")
    korean = st.toggle("한국어 열 이름으로 내려받기", value=True, key="dl_korean",
                       help="끄면 프로그램용 영문 열 이름(id, status, chart_id …)과 상태 코드로 내려받습니다.")
    out = ub.korean_export(view) if korean else view
    d1, d2 = st.columns(2)
    d1.download_button("CSV 내려받기", ub.to_csv_bytes(out), "katalog_batch.csv", "text/csv", key="dl_csv")
    d2.download_button("XLSX 내려받기", ub.to_xlsx_bytes(out), "katalog_batch.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="dl_xlsx")


# --------------------------------------------------------------------------------------------
# 검토
# --------------------------------------------------------------------------------------------
def _open_in_analysis(case_id: str) -> None:
    """Callback / link target: put a saved case into the analysis page with the user's choices."""
    try:
        detail = services.review_detail(services.db_url(), case_id)
    except KatalogError as exc:
        st.session_state["analysis_error"] = f"사례를 열 수 없습니다: {exc}"
        st.session_state["page"] = "과실비율 분석"
        return
    a = detail.get("assessment")
    parties = list(detail.get("assessment_parties") or detail.get("parties") or [])
    st.session_state["page"] = "과실비율 분석"
    st.session_state["description"] = detail["description"]
    # the date it was assessed on, else the case's own: reopened, it is judged under the same edition
    st.session_state["accident_date"] = (a.facts.accident_date if a is not None else None) or detail.get("accident_date")
    if len(parties) >= 2:
        st.session_state["party_1"], st.session_state["party_2"] = parties[0], parties[1]
    st.session_state["open_case"] = {"id": case_id, **fmt.reopen_choices(a)}


def render_review_assessment(detail: dict[str, Any]) -> None:
    """The saved assessment in full: parties and roles, split, modifiers, evidence, sketch, changes."""
    a = detail.get("assessment")
    if a is None:
        st.caption("이 평가는 요약만 저장되어 있어 상세 내용을 보여 줄 수 없습니다.")
        return
    if a.status != "ok" or a.final is None:
        code = a.abstention.code if a.abstention else "insufficient"
        st.warning(_ko(fmt.abstention_text(code, a.abstention.message if a.abstention else "")))
        return
    with st.container(border=True, key="review_assessment"):
        st.markdown(f"#### 도표 {a.chart_id} · {a.chart_title or ''}")
        st.markdown(f"**{fmt.ratio_text(a.final, a.parties)}**"
                    + (f" (기본 {fmt.ratio_text(a.base, a.parties)})" if a.base and a.base != a.final else ""))
        if a.mapping is not None:
            chart = services.get_chart(a.chart_id)
            la = chart.parties["A"].label if chart is not None else ""
            lb = chart.parties["B"].label if chart is not None else ""
            st.markdown(f"- **A** {a.mapping.A}: {la}\n- **B** {a.mapping.B}: {lb}")
        if a.applied:
            st.markdown("**적용한 수정요소**")
            st.dataframe(fmt.applied_rows(a.applied), hide_index=True, width="stretch", key="review_modifiers")
        else:
            st.caption("적용한 수정요소 없음 (기본 비율)")
        if a.calculation is not None and a.mapping is not None:
            st.code(fmt.formula_named(a.calculation.formula, a.mapping.A, a.mapping.B), language=None)
    if a.facts.evidence:
        st.markdown("**설명에서 읽은 근거** (노란색)")
        st.markdown(fmt.highlight_spans(a.description, a.facts.evidence), unsafe_allow_html=True)
    overrides = getattr(a, "overrides", []) or []
    with st.container(key="review_overrides"):
        if overrides:
            st.markdown("**사용자 변경 기록** — 엔진의 판단과 다르게 고른 것")
            st.dataframe(fmt.override_rows(overrides), hide_index=True, width="stretch", key="review_override_table")
        else:
            st.caption("사용자가 바꾼 것 없음 (엔진의 판단 그대로 저장)")
    sk = services.sketch(a)
    with st.container(border=True, key="review_sketch"):
        st.markdown("**사고 장면**")
        if sk.drawn:
            st.markdown(f'<div class="katalog-sketch-wrap">{sk.fluid()}</div>', unsafe_allow_html=True)
        else:
            st.info(sk.reason or "사고 장면을 그릴 수 없습니다.")


def page_review() -> None:
    st.header("검토")
    st.caption("신뢰도가 낮거나, 경쟁 도표가 가깝거나, 규칙과 LLM이 다르거나, 판단을 보류한 사례입니다.")
    url = services.db_url()
    try:
        queue = services.review_queue(url)
    except KatalogError as exc:
        st.error(f"사례 DB를 사용할 수 없습니다: {exc}")
        return
    if not queue:
        st.info("검토할 사례가 없습니다.")
        return
    st.dataframe(queue, hide_index=True, width="stretch", key="review_table")
    ids = [str(row["사건 번호"]) for row in queue]
    case_id = st.selectbox("사례 열기", ids, key="review_case")
    try:
        detail = services.review_detail(url, case_id)
    except KatalogError as exc:
        st.error(str(exc))
        return
    st.markdown(f"**사고 설명**\n\n> {detail['description']}")
    l1, l2 = st.columns([1, 1])
    l1.button("분석 화면에서 열기", key="review_open", on_click=_open_in_analysis, args=(case_id,),
              help="이 사례를 저장된 도표·A·B 지정·답변 그대로 분석 화면에 엽니다")
    l2.markdown(f"[새 탭에서 분석 화면으로 열기](?case={case_id})")
    left, right = st.columns([3, 2], gap="large")
    with left:
        render_review_assessment(detail)
    with right:
        with st.container(border=True):
            st.markdown("**규칙 엔진 제안**")
            st.write(detail.get("rules") or "–")
        with st.container(border=True):
            st.markdown("**LLM 제안**")
            st.write(detail.get("llm") or "LLM 제안 없음")
        parties = detail.get("assessment_parties") or detail.get("parties") or list(DEFAULT_PARTIES)
        other = parties[1] if len(parties) > 1 else "상대방"
        with st.form(key="review_form"):
            reviewer = st.text_input("검토자", key="review_reviewer")
            fault = st.slider(f"{parties[0]} 과실 (%) — {other} 과실은 나머지", 0, 100,
                              int(detail.get("fault_1") or 50), step=5, key="review_fault")
            reason = st.text_area("결정 이유 (필수)", key="review_reason")
            submitted = st.form_submit_button("결정 저장", key="review_submit")
        if submitted:
            if not reviewer.strip() or not reason.strip():
                st.error("검토자와 결정 이유를 모두 입력해 주세요.")
            else:
                try:
                    services.review_decide(url, case_id, reviewer=reviewer.strip(), fault_1=fault,
                                           reason=reason.strip())
                except KatalogError as exc:
                    st.error(f"결정을 저장하지 못했습니다: {exc}")
                else:
                    st.success(f"결정을 저장했습니다: {parties[0]} {fault} : {other} {100 - fault}")
    st.markdown("**감사 기록**")
    st.dataframe(services.audit_trail(url, case_id), hide_index=True, width="stretch", key="audit_table")


# --------------------------------------------------------------------------------------------
# 한국어 비서
# --------------------------------------------------------------------------------------------
def _go(page: str) -> None:
    st.session_state["page"] = page


def render_assistant_without_llm() -> None:
    """What the assistant needs, in plain Korean, and what works without it."""
    with st.container(key="assistant_setup"):
        st.info(
            "**한국어 비서는 글을 만들어 주는 인공지능(LLM)이 연결되어 있어야 답할 수 있습니다.** "
            "지금 이 앱에는 LLM이 연결되어 있지 않아 질문에 답을 만들 수 없습니다. "
            "필요하면 사내 시스템 담당자에게 「KATALOG 한국어 비서용 LLM 연결」을 요청해 주세요."
        )
        st.markdown("**LLM 없이도 지금 바로 쓸 수 있는 기능**")
        c = st.columns(3)
        c[0].markdown("**과실비율 분석**  \n사고 설명으로 도표, 과실비율, 근거, 사고 장면을 보여 줍니다.")
        c[0].button("분석으로 가기", key="go_analysis", on_click=_go, args=("과실비율 분석",))
        c[1].markdown("**일괄 평가**  \nCSV·엑셀 파일의 사고 여러 건을 한 번에 평가합니다.")
        c[1].button("일괄 평가로 가기", key="go_batch", on_click=_go, args=("일괄 평가",))
        c[2].markdown("**검토**  \n저장한 사례를 보고 최종 과실비율을 결정합니다.")
        c[2].button("검토로 가기", key="go_review", on_click=_go, args=("검토",))
        with st.expander("시스템 담당자용: LLM 연결 방법"):
            st.markdown(services.LLM_HELP_KO)


def page_assistant() -> None:
    st.header("한국어 비서")
    st.caption("분류·요약·추출 등 41가지 한국어 과제를 수행합니다 (LLM 필요).")
    try:
        tasks = services.assistant_tasks()
    except KatalogError as exc:
        st.error(str(exc))
        return
    try:
        backend = services.llm_backend()
    except KatalogError as exc:
        st.error(str(exc))
        backend = None
    if backend is None:
        render_assistant_without_llm()
    labels = {"auto": "자유 대화 (과제 자동 선택)"} | {t["id"]: f"{t['category']} · {t['name']}" for t in tasks}
    task_id = st.selectbox(f"과제 ({len(tasks)}개)", list(labels), format_func=labels.get, key="assistant_task")
    if task_id != "auto":
        task = next(t for t in tasks if t["id"] == task_id)
        st.caption(task["description"])
    if backend is None:
        return
    history = st.session_state.setdefault("chat", [])
    for msg in history:
        with st.chat_message(msg["role"]):
            st.write(msg["content"])
            if msg.get("note"):
                st.caption(msg["note"])
    prompt = st.chat_input("메시지를 입력하세요", key="assistant_input")
    if prompt:
        from general_tasks.assistant import respond  # multi-turn, fields parsed, accident questions → engine

        past = [{"role": m["role"], "content": m["content"], "meta": m.get("meta") or {}} for m in history]
        history.append({"role": "user", "content": prompt})
        try:
            with st.chat_message("user"):
                st.write(prompt)
            with st.chat_message("assistant"):
                stream = respond(past, prompt, backend=backend, stream=True, task=None if task_id == "auto" else task_id)
                st.write_stream(stream)  # token by token where the backend streams
            reply = stream.reply
            how = "직접 선택" if reply.route == "explicit" else ("엔진" if reply.kind == "liability" else "자동 선택")
            history.append({**reply.message(), "note": f"과제: {reply.task_name or reply.kind} ({how})"})
        except KatalogError as exc:
            history.append({"role": "assistant", "content": f"오류: {exc}"})
        st.rerun()


# --------------------------------------------------------------------------------------------
def _case_from_link() -> None:
    """`?case=ID` (the review page's link) opens that case in the analysis page, once."""
    case_id = st.query_params.get("case")
    if case_id and st.session_state.get("linked_case") != case_id:
        st.session_state["linked_case"] = case_id
        _open_in_analysis(case_id)


def main() -> None:
    _case_from_link()
    page, lang = sidebar()
    st.session_state["lang_code"] = lang
    warm = _warmer()
    if warm.state == "error" and page in ("과실비율 분석", "일괄 평가"):
        st.error(f"분석 엔진을 사용할 수 없습니다: {warm.result['error']}")
    {"과실비율 분석": page_analysis, "일괄 평가": page_batch, "검토": page_review, "한국어 비서": page_assistant}[page]()
    # Started after the page is built, so the warm-up's work does not delay the first paint.
    warm_engine()


main()
