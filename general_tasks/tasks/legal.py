"""법률 추론 — statute QA, judgment summarisation and KATALOG's own fault-ratio reasoning.

Statute examples quote the first paragraph of 도로교통법 articles (official text, attributed: 법제처
국가법령정보센터). Accident descriptions, judgments and explanations are written by the project;
chart ids and base ratios are those of the KNIA 「자동차사고 과실비율 인정기준」(2023).
"""

from general_tasks.tasks._ex import ex

CATEGORY_ID = "legal_reasoning"
CATEGORY_NAME = "법률 추론"

FAULT_FORMAT = "도표: <도표 번호>\n대응: A=<A 당사자>, B=<B 당사자>\n수정요소: <적용한 수정요소 또는 없음>\n과실비율: A<숫자>:B<숫자>\n설명: <한두 문장>"


def fault_answer(chart: str, a: str, b: str, mods: str, ratio: tuple[int, int], why: str) -> str:
    """The fault-ratio reasoning output format (also used by the dataset builder)."""
    return f"도표: {chart}\n대응: A={a}, B={b}\n수정요소: {mods}\n과실비율: A{ratio[0]}:B{ratio[1]}\n설명: {why}"


TASKS = [
    {
        "id": "statute_qa",
        "name": "도로교통법 조문 찾기",
        "description": "도로교통법 조문의 내용을 읽고 몇 조이며 제목이 무엇인지 '제N조(제목)' 형식으로 답합니다.",
        "inputs": ["text"],
        "input_format": "조문 내용: {text}",
        "output_type": "span",
        "parser": "span",
        "metric": "exact_match",
        "templates": [
            "다음은 도로교통법 조문의 일부입니다. 해당 조문의 번호와 제목을 '제N조(제목)' 형식으로 답하세요.",
            "아래 내용을 규정한 도로교통법 조항을 찾아 조 번호와 제목을 쓰세요.",
            "법령 질의: 이 규정은 도로교통법 몇 조인가요? 제목과 함께 답하세요.",
        ],
        "examples": [
            ex("제19조(안전거리 확보 등)", text="모든 차의 운전자는 같은 방향으로 가고 있는 앞차의 뒤를 따르는 경우에는 앞차가 갑자기 정지하게 되는 경우 그 앞차와의 충돌을 피할 수 있는 필요한 거리를 확보하여야 한다."),
            ex("제21조(앞지르기 방법 등)", text="모든 차의 운전자는 다른 차를 앞지르려면 앞차의 좌측으로 통행하여야 한다."),
            ex("제25조(교차로 통행방법)", text="모든 차의 운전자는 교차로에서 우회전을 하려는 경우에는 미리 도로의 우측 가장자리를 서행하면서 우회전하여야 한다."),
            ex("제13조(차마의 통행)", text="차마의 운전자는 보도와 차도가 구분된 도로에서는 차도로 통행하여야 한다. 다만, 도로 외의 곳으로 출입할 때에는 보도를 횡단하여 통행할 수 있다."),
            ex("제44조(술에 취한 상태에서의 운전 금지)", text="누구든지 술에 취한 상태에서 자동차등, 노면전차 또는 자전거를 운전하여서는 아니 된다."),
        ],
        "keywords": ["도로교통법", "조문", "몇 조", "법 조항", "법령"],
        "source": "도로교통법 articles JSONL (`road_traffic_law.jsonl`: article_no, title, text; data/law copy)",
        "max_new_tokens": 24,
    },
    {
        "id": "judgment_summary",
        "name": "판결문 요약",
        "description": "판결문(사실관계와 판단)을 읽고 쟁점과 결론을 두세 문장으로 요약합니다.",
        "inputs": ["judgment"],
        "input_format": "판결문: {judgment}",
        "output_type": "free_text",
        "parser": "text",
        "metric": "rouge_l",
        "templates": [
            "다음 판결문을 쟁점과 결론 중심으로 두세 문장으로 요약하세요.",
            "판결 내용을 법률 비전문가도 이해할 수 있게 짧게 정리하세요.",
            "아래 판결의 사실관계, 판단, 결론을 간결하게 요약하세요.",
        ],
        "examples": [
            ex("신호를 위반해 교차로에 들어온 피고 차량에 대해 원고 차량의 과실은 인정되지 않는다. 법원은 피고가 원고의 손해 전액을 배상하라고 판결했다.",
               judgment="원고 차량은 녹색신호에 따라 교차로를 직진하였고 피고 차량은 적색신호를 무시하고 진입하여 충돌하였다. 원고가 신호위반 차량의 진입까지 예상하여 대비할 의무는 없다. 따라서 피고는 원고에게 손해 전액을 배상하라."),
            ex("앞차를 추돌한 피고에게 안전거리 미확보 책임이 있으나, 이유 없이 급정거한 원고에게도 20%의 과실이 있다고 판단했다.",
               judgment="피고 차량은 앞서 가던 원고 차량을 뒤에서 추돌하였다. 피고는 안전거리를 확보하지 않은 잘못이 있다. 다만 원고 역시 뚜렷한 이유 없이 급제동하였으므로 원고의 과실을 20%로 정한다."),
            ex("야간에 무단횡단하던 원고를 친 사고에서 피고의 전방주시 소홀 책임을 인정하되, 원고의 과실을 40%로 보아 배상액을 줄였다.",
               judgment="원고는 야간에 횡단보도가 아닌 곳으로 도로를 건너다가 피고 차량에 부딪혔다. 피고는 전방주시를 게을리한 과실이 있으나, 원고도 차량 통행이 잦은 도로를 무단으로 횡단한 잘못이 있으므로 원고의 과실비율을 40%로 본다."),
            ex("보험사가 면책을 주장했으나 약관의 설명 의무를 다하지 않았으므로 면책 조항을 적용할 수 없고, 보험금을 지급해야 한다고 판결했다.",
               judgment="피고 보험회사는 약관의 면책 조항을 들어 보험금 지급을 거절하였다. 그러나 피고가 계약 당시 해당 조항을 원고에게 설명하였다는 증거가 없다. 설명 의무를 위반한 조항은 계약 내용으로 주장할 수 없으므로 피고는 보험금을 지급하라."),
            ex("차로를 변경하던 피고 차량이 직진하던 원고 차량과 충돌한 사고에서 피고 과실 70%, 원고 과실 30%로 판단했다.",
               judgment="피고 차량은 방향지시등을 켜고 차로를 변경하던 중 옆 차로를 직진하던 원고 차량과 충돌하였다. 진로를 변경하는 차는 다른 차의 정상적인 통행을 방해해서는 안 되므로 피고의 책임이 크나, 원고도 감속 등 회피 조치를 하지 않았으므로 피고 70%, 원고 30%의 과실을 인정한다."),
        ],
        "keywords": ["판결", "판결문", "판례", "법원", "요약"],
        "source": "LBox Open summarization (HF `lbox/lbox_open`/`summarization`)",
        "max_new_tokens": 160,
    },
    {
        "id": "fault_chart_identification",
        "name": "과실비율 도표 찾기",
        "description": "교통사고 설명을 읽고 손해보험협회 과실비율 인정기준의 해당 도표 번호(예: 차43-1, 보1)를 답합니다.",
        "inputs": ["description"],
        "input_format": "사고 설명: {description}",
        "output_type": "span",
        "parser": "span",
        "metric": "exact_match",
        "templates": [
            "다음 교통사고에 적용되는 과실비율 인정기준 도표 번호를 하나만 답하세요 (예: 차43-1).",
            "사고 상황을 읽고 손해보험협회 과실비율 도표 중 해당하는 번호를 쓰세요.",
            "이 사고는 과실비율 인정기준의 어느 도표에 해당하나요? 도표 번호만 답하세요.",
        ],
        "examples": [
            ex("차1-1", description="신호등 있는 사거리에서 녹색신호에 직진하던 A차와 옆 도로에서 적색신호를 무시하고 직진한 B차가 부딪혔다."),
            ex("차41-1", description="같은 차로에서 앞서 달리던 B차를 뒤따르던 A차가 들이받았다."),
            ex("차15-1", description="신호가 없는 교차로에서 직진하던 A차와 맞은편에서 좌회전하던 B차가 충돌했다."),
            ex("차43-1", description="차로가 줄어드는 지점에서 본선을 달리던 A차와 옆에서 합류하던 B차가 부딪혔다."),
            ex("보1", description="차량 신호가 녹색일 때 교차로를 지난 차가, 보행자 신호가 적색인데도 횡단보도를 건너던 보행자를 쳤다."),
        ],
        "keywords": ["도표", "과실비율", "인정기준", "사고 유형", "차대차", "보행자"],
        "source": "KATALOG standard (data/standard, chart situation text) and committee decisions",
        "max_new_tokens": 12,
    },
    {
        "id": "fault_ratio_reasoning",
        "name": "과실비율 추론",
        "description": "사고 설명에서 도표를 찾고 당사자를 A·B에 대응시킨 뒤 수정요소를 적용해 과실비율과 짧은 설명을 답합니다.",
        "inputs": ["description"],
        "input_format": "사고 설명: {description}",
        "output_type": "free_text",
        "parser": "fault",
        "metric": "exact_match",
        "templates": [
            "다음 교통사고의 과실비율을 판단하세요. 아래 형식으로 답하세요.\n" + FAULT_FORMAT,
            "손해보험협회 과실비율 인정기준에 따라 도표, 당사자 대응, 수정요소, 과실비율, 설명을 순서대로 쓰세요.\n" + FAULT_FORMAT,
            "사고 설명을 읽고 기준 도표와 최종 과실비율을 추론하세요. 형식:\n" + FAULT_FORMAT,
        ],
        "examples": [
            ex(fault_answer("차1-1", "녹색 직진 차량", "적색 직진 차량", "없음", (0, 100), "적색신호에 진입한 B의 일방 과실이다."),
               description="신호기 있는 교차로에서 녹색신호에 직진하던 A차량과 적색신호에 진입한 B차량이 충돌했다."),
            ex(fault_answer("차41-1", "뒤차(추돌)", "앞차", "없음", (100, 0), "안전거리를 지키지 않고 앞차를 추돌한 뒤차의 과실이다."),
               description="같은 방향으로 달리던 B차량을 뒤에서 따라오던 A차량이 추돌했다. 앞차는 특별한 잘못이 없었다."),
            ex(fault_answer("차15-1", "직진 차량", "맞은편 좌회전 차량", "B 서행불이행 +10", (20, 80), "기본 30:70에서 좌회전 차량이 서행하지 않아 B에 10을 더했다."),
               description="신호 없는 교차로에서 직진하던 A차량과 맞은편에서 서행하지 않고 빠르게 좌회전한 B차량이 충돌했다."),
            ex(fault_answer("차43-1", "본선 차량", "합류 차량", "없음", (40, 60), "합류하는 차가 본선 차량의 진행을 방해하지 않아야 하므로 합류차의 과실이 더 크다."),
               description="차로가 줄어드는 구간에서 본선을 주행하던 A차량과 옆 차로에서 본선으로 합류하던 B차량이 부딪혔다."),
            ex(fault_answer("차9-1", "일시정지 위반 우회전 차량", "직진 차량", "A 현저한 과실 +10", (90, 10), "기본 80:20에서 A가 휴대전화를 보며 운전한 현저한 과실로 10을 더했다."),
               description="신호 없는 교차로에서 일시정지 표지를 무시하고 휴대전화를 보며 우회전하던 A차량이 왼쪽 도로에서 직진하던 B차량과 충돌했다."),
        ],
        "keywords": ["과실비율", "과실", "몇 대 몇", "사고", "책임 비율", "수정요소"],
        "source": "KATALOG standard (data/standard: chart situation → base ratio, modifiers via katalog.calculator)",
        "max_new_tokens": 160,
    },
    {
        "id": "committee_fault_ratio",
        "name": "분쟁심의 과실비율 판단",
        "description": "과실비율분쟁심의위원회 사례처럼 청구·피청구 차량의 사고 설명을 읽고 최종 과실비율과 근거를 답합니다.",
        "inputs": ["description"],
        "input_format": "사고 설명: {description}",
        "output_type": "free_text",
        "parser": "ratio",
        "metric": "exact_match",
        "templates": [
            "분쟁심의위원회 위원처럼 다음 사고의 과실비율을 정하세요. 첫 줄에 '과실비율: A<청구>:B<피청구>'를 쓰고 다음 줄에 근거를 쓰세요.",
            "청구차량(A)과 피청구차량(B)의 최종 과실비율을 판단하고 간단한 이유를 덧붙이세요. 형식: 과실비율: A숫자:B숫자",
            "아래 심의 사례의 결정 과실비율을 'A숫자:B숫자'로 답하고 이유를 한 문장으로 설명하세요.",
        ],
        "examples": [
            ex("과실비율: A0:B100\n근거: 적색신호에 진입한 피청구차량의 일방 과실이다.",
               description="청구차량이 녹색신호에 교차로를 직진하던 중 적색신호에 진입한 피청구차량과 충돌한 사고."),
            ex("과실비율: A10:B90\n근거: 기본 0:100에서 청구차량이 좌회전 전용차로에서 직진한 현저한 과실 10을 더했다.",
               description="청구차량이 녹색신호에 직진했으나 좌회전 전용차로에서 직진하였고, 피청구차량은 적색신호에 교차로로 진입해 충돌함."),
            ex("과실비율: A0:B100\n근거: 정차 중인 앞차를 추돌한 피청구차량의 전적인 과실이다.",
               description="신호대기로 정차 중이던 청구차량을 뒤따르던 피청구차량이 추돌한 사고."),
            ex("과실비율: A30:B70\n근거: 진로를 바꾼 피청구차량의 책임이 크지만 청구차량도 충분히 피할 수 있었다.",
               description="직진하던 청구차량 앞으로 옆 차로의 피청구차량이 방향지시등을 켜고 급하게 차로를 바꾸어 충돌한 사고."),
            ex("과실비율: A60:B40\n근거: 본선 차량의 진행을 방해하며 합류한 청구차량의 과실이 더 크다.",
               description="차로가 줄어드는 구간에서 청구차량이 본선으로 합류하던 중 본선을 주행하던 피청구차량과 충돌한 사고."),
        ],
        "keywords": ["분쟁심의", "심의", "청구", "피청구", "과실비율"],
        "source": "과실비율분쟁심의위원회 decisions (committee cases JSONL via `--cases`, data/corpus or data/eval copies)",
        "max_new_tokens": 96,
    },
]
