"""자연어 추론 — NLI (KorNLI, KLUE-NLI) and causal reasoning (KoBEST COPA)."""

from general_tasks.tasks._ex import ex

CATEGORY_ID = "nli"
CATEGORY_NAME = "자연어 추론"

NLI_LABELS = ["함의", "중립", "모순"]
NLI_ALIASES = {"entailment": "함의", "neutral": "중립", "contradiction": "모순", "참": "함의", "거짓": "모순", "알 수 없음": "중립"}
NLI_TEMPLATES = [
    "전제 문장이 참일 때 가설 문장이 반드시 참이면 '함의', 반드시 거짓이면 '모순', 알 수 없으면 '중립'이라고 답하세요.",
    "두 문장의 관계를 {labels} 중 하나로 분류하세요.",
    "전제를 읽고 가설이 그로부터 따라 나오는지 판단하세요. 답: 함의, 중립, 모순 중 하나",
]

TASKS = [
    {
        "id": "kornli",
        "name": "자연어 추론 (KorNLI)",
        "description": "전제와 가설 문장의 관계를 함의·중립·모순으로 분류합니다.",
        "inputs": ["premise", "hypothesis"],
        "input_format": "전제: {premise}\n가설: {hypothesis}",
        "output_type": "labels",
        "labels": NLI_LABELS,
        "label_aliases": NLI_ALIASES,
        "parser": "label",
        "metric": "accuracy",
        "templates": NLI_TEMPLATES,
        "examples": [
            ex("함의", premise="민수는 아침마다 공원에서 강아지와 산책한다.", hypothesis="민수는 강아지를 데리고 밖에 나간다."),
            ex("모순", premise="도서관은 월요일에 문을 닫는다.", hypothesis="도서관은 일주일 내내 문을 연다."),
            ex("중립", premise="지수는 시험 전날 밤늦게까지 공부했다.", hypothesis="지수는 시험에서 만점을 받았다."),
            ex("함의", premise="회의가 오후 두 시에서 네 시로 미뤄졌다.", hypothesis="회의 시간이 변경되었다."),
            ex("모순", premise="창문이 모두 닫혀 있어 방 안이 조용했다.", hypothesis="열린 창문으로 차 소리가 크게 들어왔다."),
            ex("중립", premise="새로 생긴 식당 앞에 줄이 길게 서 있었다.", hypothesis="그 식당의 주인은 요리 학교를 졸업했다."),
        ],
        "keywords": ["전제", "가설", "함의", "모순", "추론"],
        "source": "KorNLI (HF `kor_nli`, or kakaobrain KorNLUDatasets multinli/snli/xnli *.tsv)",
        "max_new_tokens": 4,
    },
    {
        "id": "klue_nli",
        "name": "자연어 추론 (KLUE-NLI)",
        "description": "한국어 원문에서 만든 전제·가설 쌍의 관계를 함의·중립·모순으로 분류합니다.",
        "inputs": ["premise", "hypothesis"],
        "input_format": "전제: {premise}\n가설: {hypothesis}",
        "output_type": "labels",
        "labels": NLI_LABELS,
        "label_aliases": NLI_ALIASES,
        "parser": "label",
        "metric": "accuracy",
        "templates": [
            "다음 두 문장을 읽고 가설이 전제에 비추어 함의, 중립, 모순 중 무엇인지 답하세요.",
            "전제가 사실이라면 가설은 어떻게 되나요? {labels} 가운데 하나를 고르세요.",
            "문장 관계 분류: 전제와 가설의 관계를 한 단어(함의/중립/모순)로 답하세요.",
        ],
        "examples": [
            ex("함의", premise="이 카페는 평일 오전 7시에 문을 열고 밤 10시에 닫습니다.", hypothesis="이 카페는 평일 저녁에도 영업합니다."),
            ex("모순", premise="숙소에서 해변까지는 걸어서 5분 거리입니다.", hypothesis="숙소에서 해변까지 차로 한 시간이 걸립니다."),
            ex("중립", premise="이번 축제에는 지역 가수들이 무대에 오른다.", hypothesis="축제 입장료는 무료이다."),
            ex("함의", premise="그 영화는 개봉 첫 주에 관객 백만 명을 넘겼다.", hypothesis="그 영화는 개봉 초기에 많은 관객을 모았다."),
            ex("모순", premise="제품 보증 기간은 구매일로부터 2년이다.", hypothesis="이 제품은 보증 기간이 없다."),
        ],
        "keywords": ["전제", "가설", "문장 관계"],
        "source": "KLUE-NLI (HF `klue`/`nli`)",
        "max_new_tokens": 4,
    },
    {
        "id": "kobest_copa",
        "name": "인과 관계 추론 (COPA)",
        "description": "전제 문장의 원인 또는 결과로 더 그럴듯한 선택지를 1, 2 중에서 고릅니다 (KoBEST COPA).",
        "inputs": ["premise", "question", "alternative_1", "alternative_2"],
        "input_format": "전제: {premise}\n질문: 이것의 {question}은(는)?\n1: {alternative_1}\n2: {alternative_2}",
        "output_type": "labels",
        "labels": ["1", "2"],
        "parser": "choice",
        "metric": "accuracy",
        "templates": [
            "전제의 원인 또는 결과로 더 알맞은 문장을 고르고 번호(1 또는 2)만 답하세요.",
            "상식에 비추어 질문에 더 그럴듯한 선택지를 고르세요. 답은 1 또는 2입니다.",
            "다음 인과 추론 문제를 풀고 정답 번호를 쓰세요.",
        ],
        "examples": [
            ex("1", premise="바닥이 젖어 있었다.", question="원인", alternative_1="누군가 물을 쏟았다.", alternative_2="햇볕이 강하게 들었다."),
            ex("2", premise="나는 알람을 듣지 못했다.", question="결과", alternative_1="일찍 회사에 도착했다.", alternative_2="회사에 지각했다."),
            ex("2", premise="아이가 울음을 그쳤다.", question="원인", alternative_1="아이가 넘어졌다.", alternative_2="엄마가 아이를 안아 주었다."),
            ex("1", premise="휴대전화 배터리가 다 떨어졌다.", question="결과", alternative_1="전화가 꺼졌다.", alternative_2="화면이 더 밝아졌다."),
            ex("1", premise="도로가 꽁꽁 얼었다.", question="원인", alternative_1="밤새 기온이 영하로 내려갔다.", alternative_2="낮에 햇볕이 따뜻했다."),
        ],
        "keywords": ["원인", "결과", "인과", "그럴듯한"],
        "source": "KoBEST COPA (HF `skt/kobest_v1`/`copa`)",
        "max_new_tokens": 4,
    },
]
