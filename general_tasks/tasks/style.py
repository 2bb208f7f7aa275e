"""문체 변환·높임말 — style transfer (SmileStyle), 반말→존댓말 conversion and honorific-level detection."""

from general_tasks.tasks._ex import ex

CATEGORY_ID = "style_honorifics"
CATEGORY_NAME = "문체 변환·높임말"

#: SmileStyle column → Korean style name used in prompts.
STYLE_NAMES = {
    "formal": "격식체(존댓말)", "informal": "비격식체(반말)", "gentle": "부드러운 말투", "chat": "채팅체",
    "king": "임금 말투", "seonbi": "선비 말투", "halbae": "할아버지 말투", "halmae": "할머니 말투",
    "enfp": "발랄한 말투", "sosim": "소심한 말투", "translator": "번역투", "android": "로봇 말투",
}  # fmt: skip

TASKS = [
    {
        "id": "style_transfer",
        "name": "문체 변환",
        "description": "문장의 뜻은 그대로 두고 지정한 말투(격식체, 채팅체, 선비 말투 등)로 바꿉니다 (SmileStyle).",
        "inputs": ["style", "text"],
        "input_format": "목표 문체: {style}\n문장: {text}",
        "output_type": "free_text",
        "parser": "text",
        "metric": "rouge_l",
        "templates": [
            "다음 문장을 의미는 유지한 채 목표 문체로 바꾸어 쓰세요.",
            "주어진 말투에 맞게 문장을 다시 써 주세요.",
            "문체 변환: 목표 문체로 자연스럽게 고쳐 쓰세요.",
        ],
        "examples": [
            ex("오늘 날씨가 정말 좋습니다. 산책하기 좋겠습니다.", style="격식체(존댓말)", text="오늘 날씨 진짜 좋다. 산책하기 딱이네."),
            ex("ㅋㅋ 나 지금 출발함 10분 뒤 도착", style="채팅체", text="저는 지금 출발합니다. 10분 뒤에 도착합니다."),
            ex("오늘은 날이 맑구려. 산책이나 하는 것이 어떠하오.", style="선비 말투", text="오늘 날씨 맑다. 산책이나 할까?"),
            ex("괜찮으시다면 잠깐 도와주실 수 있을까요?", style="부드러운 말투", text="이거 좀 도와줘."),
            ex("밥은 잘 챙겨 먹었니? 할미가 걱정된다.", style="할머니 말투", text="밥은 잘 먹었어? 걱정돼."),
        ],
        "keywords": ["말투", "문체", "바꿔", "스타일"],
        "source": "Korean SmileStyle (smilegate-ai/korean_smile_style_dataset `smilestyle_dataset.tsv`)",
        "max_new_tokens": 64,
    },
    {
        "id": "honorific_conversion",
        "name": "반말을 존댓말로 바꾸기",
        "description": "반말 문장을 같은 뜻의 정중한 존댓말(해요체·합쇼체)로 바꿉니다.",
        "inputs": ["text"],
        "input_format": "반말 문장: {text}",
        "output_type": "free_text",
        "parser": "text",
        "metric": "rouge_l",
        "templates": [
            "다음 반말 문장을 같은 뜻의 존댓말로 바꾸세요.",
            "윗사람에게 말하듯 아래 문장을 높임말로 고쳐 쓰세요.",
            "문장을 공손한 존댓말로 다시 쓰세요.",
        ],
        "examples": [
            ex("내일 몇 시에 만나요?", text="내일 몇 시에 만나?"),
            ex("이 책 다 읽으셨어요?", text="이 책 다 읽었어?"),
            ex("잠깐만 기다려 주세요.", text="잠깐만 기다려."),
            ex("저는 점심 벌써 먹었어요.", text="나는 점심 벌써 먹었어."),
            ex("창문 좀 닫아 주시겠어요?", text="창문 좀 닫아 줄래?"),
        ],
        "keywords": ["존댓말", "높임말", "공손", "반말"],
        "source": "Korean SmileStyle (`informal` → `formal` columns)",
        "max_new_tokens": 48,
    },
    {
        "id": "honorific_level",
        "name": "높임 수준 판별",
        "description": "문장이 존댓말인지 반말인지 판별합니다.",
        "inputs": ["text"],
        "input_format": "문장: {text}",
        "output_type": "labels",
        "labels": ["존댓말", "반말"],
        "label_aliases": {"높임말": "존댓말", "경어": "존댓말", "평어": "반말", "하대": "반말"},
        "parser": "label",
        "metric": "accuracy",
        "templates": [
            "다음 문장이 존댓말인지 반말인지 답하세요.",
            "문장의 높임 수준을 {labels} 중 하나로 분류하세요.",
            "이 말투가 상대를 높이는 말투면 존댓말, 아니면 반말이라고 답하세요.",
        ],
        "examples": [
            ex("존댓말", text="회의 자료는 제가 내일까지 보내 드리겠습니다."),
            ex("반말", text="그거 내가 내일까지 보내 줄게."),
            ex("존댓말", text="혹시 이 근처에 약국이 있나요?"),
            ex("반말", text="배고파, 뭐 먹으러 가자."),
            ex("존댓말", text="천천히 드시고 가세요."),
            ex("반말", text="너 어제 왜 전화 안 받았어?"),
        ],
        "keywords": ["존댓말", "반말", "높임", "말투 판별"],
        "source": "Korean SmileStyle (`formal` / `informal` columns)",
        "max_new_tokens": 4,
    },
]
