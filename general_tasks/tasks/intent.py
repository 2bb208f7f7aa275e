"""의도·논지 추출 — intent arguments (sae4k), sentence intent types (3i4k), petition claims."""

from general_tasks.tasks._ex import ex

CATEGORY_ID = "intent_argument"
CATEGORY_NAME = "의도·논지 추출"

#: 3i4k classes in the dataset's label-id order.
I4K_LABELS = ["조각문", "평서문", "의문문", "명령문", "수사의문문", "수사명령문", "억양 의존문"]

TASKS = [
    {
        "id": "sae4k_intent",
        "name": "질문·명령 의도 요약",
        "description": "질문이나 명령 문장에서 핵심 요구를 명사구로 뽑아냅니다 (예: '내일 비 와?' → '내일 비 여부').",
        "inputs": ["utterance"],
        "input_format": "발화: {utterance}",
        "output_type": "free_text",
        "parser": "text",
        "metric": "rouge_l",
        "templates": [
            "다음 발화의 핵심 의도를 짧은 명사구로 요약하세요.",
            "질문이나 명령에서 화자가 원하는 것만 간단히 적으세요.",
            "발화를 '무엇을 해 달라는지/묻는지'가 드러나는 명사구로 바꾸세요.",
        ],
        "examples": [
            ex("내일 비 여부", utterance="내일 비 온대?"),
            ex("거실 불 끄기", utterance="거실 불 좀 꺼 줄래?"),
            ex("회의 시작 시간", utterance="오늘 회의 몇 시에 시작하는지 알려 줘"),
            ex("엄마에게 전화하기", utterance="엄마한테 전화 좀 걸어 줘"),
            ex("가까운 주유소 위치", utterance="여기서 제일 가까운 주유소가 어디야?"),
        ],
        "keywords": ["의도", "요구", "명사구", "핵심 요청"],
        "source": "sae4k (warnikchow/sae4k `sae4k_v1.txt`, utterance<TAB>argument<TAB>label)",
        "max_new_tokens": 24,
    },
    {
        "id": "kor_3i4k",
        "name": "문장 의도 유형 분류 (3i4k)",
        "description": "문장이 평서문, 의문문, 명령문, 수사의문문, 수사명령문, 억양 의존문, 조각문 중 무엇인지 분류합니다.",
        "inputs": ["text"],
        "input_format": "문장: {text}",
        "output_type": "labels",
        "labels": I4K_LABELS,
        "label_aliases": {"조각": "조각문", "fragment": "조각문", "statement": "평서문", "question": "의문문", "command": "명령문"},
        "parser": "label",
        "metric": "macro_f1",
        "templates": [
            "다음 문장의 의도 유형을 고르세요. 선택지: {labels}",
            "문장이 정보를 전달하는지, 묻는지, 시키는지 판단해 {labels} 중 하나로 답하세요.",
            "화행 분류: 아래 문장의 유형을 한 단어로 쓰세요.",
        ],
        "examples": [
            ex("평서문", text="오늘 점심은 김밥을 먹었어"),
            ex("의문문", text="지금 몇 시야"),
            ex("명령문", text="문 좀 닫아"),
            ex("수사의문문", text="내가 그걸 어떻게 알겠어"),
            ex("조각문", text="커피"),
            ex("수사명령문", text="어디 한번 마음대로 해 봐"),
        ],
        "keywords": ["의도 유형", "화행", "의문문", "명령문", "평서문"],
        "source": "3i4k (HF `kor_3i4k`, or warnikchow/3i4k fci_*.txt)",
        "max_new_tokens": 8,
    },
    {
        "id": "petition_argument",
        "name": "청원 요지 추출",
        "description": "국민청원 본문을 읽고 청원인이 요구하는 핵심 주장을 한 줄(청원 제목 형태)로 씁니다.",
        "inputs": ["content"],
        "input_format": "청원 내용: {content}",
        "output_type": "free_text",
        "parser": "text",
        "metric": "rouge_l",
        "templates": [
            "다음 청원 글에서 청원인이 요구하는 핵심 주장을 한 줄로 쓰세요.",
            "청원 본문을 읽고 요지를 제목처럼 짧게 정리하세요.",
            "이 글이 무엇을 해 달라고 요청하는지 한 문장으로 답하세요.",
        ],
        "examples": [
            ex("유기견 보호소 운영비 지원을 늘려 주세요", content="지역 보호소마다 수용 공간이 부족해 입양을 기다리는 개들이 많습니다. 운영비 지원을 확대해 주세요."),
            ex("초등학교 앞 사거리에 신호등을 설치해 주세요", content="초등학교 앞 사거리에 신호등이 없어 아이들이 차를 피해 건너고 있습니다. 신호등을 설치해 주세요."),
            ex("돌봄교실 운영 시간을 저녁까지 연장해 주세요", content="맞벌이 가정은 오후 다섯 시 이후 아이를 맡길 곳이 없습니다. 저녁 시간까지 돌봄을 운영해 주세요."),
            ex("희귀질환 치료제에 건강보험을 적용해 주세요", content="한 달 약값이 수백만 원이라 치료를 포기하는 환자가 있습니다. 보험 적용을 검토해 주세요."),
            ex("면접 교통비 지원 대상을 넓혀 주세요", content="지방에서 서울로 면접을 보러 가는 비용이 부담됩니다. 청년 구직자 교통비 지원 대상을 넓혀 주세요."),
        ],
        "keywords": ["청원", "요지", "주장", "요구"],
        "source": "청와대 국민청원 데이터 (akngs/petitions `petition.csv`: content → title)",
        "max_new_tokens": 40,
    },
]
