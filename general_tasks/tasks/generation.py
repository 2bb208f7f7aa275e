"""생성·이어쓰기 — continuation choice (KoBEST HellaSwag) and free continuation of news text."""

from general_tasks.tasks._ex import ex

CATEGORY_ID = "generation"
CATEGORY_NAME = "생성·이어쓰기"

TASKS = [
    {
        "id": "kobest_hellaswag",
        "name": "자연스러운 다음 문장 고르기 (HellaSwag)",
        "description": "상황 설명 뒤에 이어질 가장 자연스러운 문장을 네 개의 보기 중에서 고릅니다 (KoBEST HellaSwag).",
        "inputs": ["context", "ending_1", "ending_2", "ending_3", "ending_4"],
        "input_format": "상황: {context}\n1. {ending_1}\n2. {ending_2}\n3. {ending_3}\n4. {ending_4}",
        "output_type": "labels",
        "labels": ["1", "2", "3", "4"],
        "parser": "choice",
        "metric": "accuracy",
        "templates": [
            "상황 뒤에 가장 자연스럽게 이어지는 문장의 번호(1~4)를 고르세요.",
            "다음 이야기의 다음 장면으로 알맞은 것을 보기에서 골라 번호로 답하세요.",
            "상식적으로 이어질 내용을 고르는 문제입니다. 정답 번호만 쓰세요.",
        ],
        "examples": [
            ex("2", context="요리사가 팬에 기름을 두르고 불을 켰다.", ending_1="팬을 냉장고에 넣는다.", ending_2="달걀을 깨서 팬에 올린다.", ending_3="창문을 닦기 시작한다.", ending_4="팬을 들고 밖으로 달려 나간다."),
            ex("1", context="아이가 자전거를 타다가 넘어져 무릎이 까졌다.", ending_1="엄마가 상처를 소독하고 밴드를 붙여 준다.", ending_2="아이는 자전거를 물에 씻는다.", ending_3="아이가 갑자기 피아노를 친다.", ending_4="무릎이 저절로 사라진다."),
            ex("4", context="남자가 세차장에 차를 세우고 호스를 집어 들었다.", ending_1="호스로 잔디를 깎는다.", ending_2="차 안에서 잠을 잔다.", ending_3="호스를 목에 감고 춤을 춘다.", ending_4="차에 물을 뿌리고 거품을 칠한다."),
            ex("3", context="학생들이 시험지를 받아 들고 이름을 적었다.", ending_1="모두 운동장으로 나가 공을 찬다.", ending_2="시험지를 접어 비행기를 날린다.", ending_3="첫 번째 문제부터 풀기 시작한다.", ending_4="교실 불을 끄고 잠을 잔다."),
            ex("2", context="여자가 화분에 씨앗을 심고 흙을 덮었다.", ending_1="화분을 바닥에 던진다.", ending_2="물뿌리개로 흙에 물을 준다.", ending_3="씨앗을 다시 파내 먹는다.", ending_4="화분에 페인트를 붓는다."),
        ],
        "keywords": ["다음 문장", "이어질", "자연스러운", "보기"],
        "source": "KoBEST HellaSwag (HF `skt/kobest_v1`/`hellaswag`)",
        "max_new_tokens": 4,
    },
    {
        "id": "text_continuation",
        "name": "글 이어쓰기",
        "description": "주어진 글의 앞부분에 자연스럽게 이어지는 다음 문장을 씁니다 (뉴스 본문의 앞 문장 → 다음 문장).",
        "inputs": ["context"],
        "input_format": "앞부분: {context}",
        "output_type": "free_text",
        "parser": "text",
        "metric": "rouge_l",
        "templates": [
            "다음 글에 자연스럽게 이어지는 문장을 한 문장 쓰세요.",
            "글의 흐름에 맞게 바로 다음에 올 문장을 작성하세요.",
            "아래 문단을 이어서 한 문장 더 써 주세요.",
        ],
        "examples": [
            ex("시는 배차 간격이 평균 4분 줄어들 것으로 내다봤다.", context="시는 다음 달부터 시내버스 노선 열두 개를 조정한다고 밝혔다. 동부 지역에는 노선 세 개를 새로 만든다."),
            ex("도는 피해 농가에 재난지원금을 우선 지급하기로 했다.", context="지난 주말 내린 폭우로 농경지 300헥타르가 물에 잠겼다."),
            ex("회사는 내년 상반기 양산에 들어갈 계획이라고 밝혔다.", context="국내 한 배터리 기업이 충전 시간을 절반으로 줄인 신제품을 공개했다."),
            ex("시범 운영 후 이용 실적을 보고 연장 여부를 정한다.", context="지역 도서관들이 야간 개방 시간을 밤 10시까지 늘린다. 직장인 이용자가 늘어난 데 따른 조치다."),
            ex("졸업생 비율은 30%를 넘어 최근 20여 년 사이 가장 높았다.", context="올해 수능 지원자가 지난해보다 1만 명가량 늘었다."),
        ],
        "keywords": ["이어쓰기", "이어서", "다음에 올", "계속 써"],
        "source": "news bodies (HF `daekeun-ml/naver-news-summarization-ko`, `document` split into sentences)",
        "max_new_tokens": 80,
    },
]
