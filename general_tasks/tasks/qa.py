"""독해·질의응답 — reading comprehension (KorQuAD), boolean QA (KoBEST BoolQ), closed-book QA (KMMLU, short answers)."""

from general_tasks.tasks._ex import ex

CATEGORY_ID = "question_answering"
CATEGORY_NAME = "독해·질의응답"

_P1 = "한강은 강원도와 충청북도를 거쳐 서울을 지나 서해로 흘러드는 강이다. 길이는 약 494킬로미터이며 상류에는 여러 댐이 건설되어 있다."
_P2 = "세종대왕은 1443년에 훈민정음을 창제하고 1446년에 이를 반포하였다. 훈민정음은 백성을 가르치는 바른 소리라는 뜻이다."
_P3 = "이 도서관은 평일에는 오전 9시부터 오후 9시까지, 주말에는 오후 6시까지 운영하며 매주 월요일은 휴관한다."

TASKS = [
    {
        "id": "korquad_mrc",
        "name": "기계 독해 (KorQuAD)",
        "description": "지문을 읽고 질문의 답이 되는 구절을 지문에서 그대로 찾아 답합니다.",
        "inputs": ["context", "question"],
        "input_format": "지문: {context}\n질문: {question}",
        "output_type": "span",
        "parser": "span",
        "metric": "exact_match",
        "templates": [
            "지문을 읽고 질문에 대한 답을 지문 속 표현 그대로 짧게 쓰세요.",
            "다음 글에서 질문의 정답이 되는 부분만 찾아 답하세요.",
            "독해 문제입니다. 지문에서 답이 되는 단어나 구를 그대로 옮겨 적으세요.",
        ],
        "examples": [
            ex("약 494킬로미터", context=_P1, question="한강의 길이는 얼마인가?"),
            ex("서해", context=_P1, question="한강은 어디로 흘러드는가?"),
            ex("1446년", context=_P2, question="훈민정음이 반포된 해는?"),
            ex("백성을 가르치는 바른 소리", context=_P2, question="훈민정음은 무슨 뜻인가?"),
            ex("월요일", context=_P3, question="도서관이 쉬는 요일은?"),
        ],
        "keywords": ["지문", "독해", "질문", "찾아"],
        "source": "KorQuAD 1.0 (HF `squad_kor_v1`, or KorQuAD_v1.0_*.json)",
        "max_new_tokens": 24,
    },
    {
        "id": "kobest_boolq",
        "name": "예/아니오 질의응답 (BoolQ)",
        "description": "지문을 근거로 질문에 '예' 또는 '아니오'로 답합니다 (KoBEST BoolQ).",
        "inputs": ["passage", "question"],
        "input_format": "지문: {passage}\n질문: {question}",
        "output_type": "labels",
        "labels": ["예", "아니오"],
        "label_aliases": {"네": "예", "맞다": "예", "참": "예", "yes": "예", "아니요": "아니오", "아님": "아니오", "거짓": "아니오", "no": "아니오"},
        "parser": "label",
        "metric": "accuracy",
        "templates": [
            "지문을 읽고 질문에 '예' 또는 '아니오'로만 답하세요.",
            "다음 글의 내용에 비추어 질문이 맞으면 예, 틀리면 아니오라고 답하세요.",
            "지문 기반 참/거짓 질문입니다. {labels} 중 하나로 답하세요.",
        ],
        "examples": [
            ex("예", passage=_P1, question="한강은 서울을 지나가나요?"),
            ex("아니오", passage=_P1, question="한강은 동해로 흘러가나요?"),
            ex("예", passage=_P2, question="훈민정음은 반포되기 전에 창제되었나요?"),
            ex("아니오", passage=_P3, question="도서관은 월요일에도 문을 여나요?"),
            ex("예", passage=_P3, question="주말에는 평일보다 일찍 문을 닫나요?"),
        ],
        "keywords": ["예", "아니오", "맞나요", "참 거짓"],
        "source": "KoBEST BoolQ (HF `skt/kobest_v1`/`boolq`)",
        "max_new_tokens": 4,
    },
    {
        "id": "kmmlu_mcqa",
        "name": "전문 지식 객관식 (KMMLU)",
        "description": "한국의 전문·자격 시험형 객관식 문제에 1~4 중 정답 번호로 답합니다.",
        "inputs": ["question", "A", "B", "C", "D"],
        "input_format": "문제: {question}\n1. {A}\n2. {B}\n3. {C}\n4. {D}",
        "output_type": "labels",
        "labels": ["1", "2", "3", "4"],
        "parser": "choice",
        "metric": "accuracy",
        "templates": [
            "다음 객관식 문제의 정답 번호(1~4)를 하나만 답하세요.",
            "보기 중 옳은 것을 골라 번호로 답하세요.",
            "시험 문제를 풀고 정답 번호만 쓰세요.",
        ],
        "examples": [
            ex("3", question="대한민국의 수도는?", A="부산", B="인천", C="서울", D="대전"),
            ex("2", question="물의 끓는점은 1기압에서 섭씨 몇 도인가?", A="50도", B="100도", C="150도", D="200도"),
            ex("4", question="다음 중 포유류가 아닌 것은?", A="고래", B="박쥐", C="개", D="상어"),
            ex("1", question="도로교통법상 녹색 등화가 켜졌을 때 차마의 통행 방법으로 옳은 것은?", A="직진할 수 있다", B="반드시 정지한다", C="후진만 할 수 있다", D="서행하며 경음기를 울려야 한다"),
            ex("2", question="삼각형 내각의 합은?", A="90도", B="180도", C="270도", D="360도"),
        ],
        "keywords": ["객관식", "보기", "정답 번호", "시험"],
        "source": "KMMLU (HF `HAERAE-HUB/KMMLU`, one subject config)",
        "max_new_tokens": 4,
    },
    {
        "id": "closed_book_qa",
        "name": "지식 단답형 질의응답",
        "description": "지문 없이 일반 상식 질문에 짧은 답(단어·구)으로 답합니다.",
        "inputs": ["question"],
        "input_format": "질문: {question}",
        "output_type": "span",
        "parser": "span",
        "metric": "exact_match",
        "templates": [
            "다음 상식 질문에 단어나 짧은 구로만 답하세요.",
            "질문에 대한 정답을 설명 없이 한 단어로 쓰세요.",
            "퀴즈입니다. 답만 간단히 말해 주세요.",
        ],
        "examples": [
            ex("백두산", question="한반도에서 가장 높은 산은?"),
            ex("세종대왕", question="훈민정음을 창제한 조선의 왕은?"),
            ex("제주도", question="대한민국에서 가장 큰 섬은?"),
            ex("태양", question="태양계의 중심에 있는 별은?"),
            ex("7", question="무지개는 흔히 몇 가지 색으로 이루어져 있다고 하나요?"),
        ],
        "keywords": ["상식", "퀴즈", "누구", "무엇", "어디"],
        "source": "local JSONL `closed_book_qa.jsonl` ({question, answer}); e.g. questions without context",
        "max_new_tokens": 16,
    },
]
