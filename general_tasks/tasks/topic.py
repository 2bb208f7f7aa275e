"""주제 분류 — topic classification (KLUE-YNAT style headlines, petition categories)."""

from general_tasks.tasks._ex import ex

CATEGORY_ID = "topic_classification"
CATEGORY_NAME = "주제 분류"

YNAT_LABELS = ["IT과학", "경제", "사회", "생활문화", "세계", "스포츠", "정치"]
PETITION_LABELS = [
    "정치개혁", "외교/통일/국방", "일자리", "미래", "성장동력", "농산어촌", "보건복지", "육아/교육",
    "안전/환경", "저출산/고령화대책", "행정", "반려동물", "교통/건축/국토", "경제민주화", "인권/성평등",
    "문화/예술/체육/언론", "기타",
]  # fmt: skip

TASKS = [
    {
        "id": "ynat_topic",
        "name": "뉴스 제목 주제 분류",
        "description": "뉴스 기사 제목을 읽고 7개 분야(IT과학, 경제, 사회, 생활문화, 세계, 스포츠, 정치) 중 하나로 분류합니다.",
        "inputs": ["title"],
        "input_format": "뉴스 제목: {title}",
        "output_type": "labels",
        "labels": YNAT_LABELS,
        "label_aliases": {"IT/과학": "IT과학", "과학": "IT과학", "문화": "생활문화", "국제": "세계"},
        "parser": "label",
        "metric": "macro_f1",
        "templates": [
            "다음 뉴스 제목이 어느 분야의 기사인지 고르세요. 선택지: {labels}",
            "아래 기사 제목을 보고 주제를 {labels} 중 하나로만 답하세요.",
            "뉴스 편집자처럼 이 제목을 알맞은 섹션에 배정하세요. 가능한 섹션은 {labels}입니다.",
        ],
        "examples": [
            ex("스포츠", title="프로야구 개막전 매진…홈팀 연장 끝에 역전승"),
            ex("경제", title="기준금리 동결에 대출 금리 소폭 하락 전망"),
            ex("IT과학", title="국내 연구진, 전력 소모 절반으로 줄인 반도체 소자 개발"),
            ex("정치", title="여야, 예산안 처리 시한 앞두고 막판 협상"),
            ex("세계", title="유럽 주요국 정상들, 기후 협약 이행 방안 논의"),
            ex("생활문화", title="올겨울 유행할 따뜻한 니트 코디법 다섯 가지"),
            ex("사회", title="폭설로 출근길 곳곳 정체…시내버스 일부 운행 중단"),
        ],
        "keywords": ["뉴스", "기사 제목", "분야", "섹션", "주제 분류", "카테고리"],
        "source": "KLUE-YNAT (HF `klue`/`ynat`, or ynat-v1.1 JSON)",
        "max_new_tokens": 8,
    },
    {
        "id": "petition_category",
        "name": "국민청원 분야 분류",
        "description": "국민청원 글의 제목과 내용을 읽고 청원 게시판의 분야를 고릅니다.",
        "inputs": ["title", "content"],
        "input_format": "제목: {title}\n내용: {content}",
        "output_type": "labels",
        "labels": PETITION_LABELS,
        "label_aliases": {"교통": "교통/건축/국토", "교육": "육아/교육", "복지": "보건복지", "환경": "안전/환경"},
        "parser": "label",
        "metric": "accuracy",
        "templates": [
            "다음 청원 글이 어느 분야에 해당하는지 분류하세요. 분야 목록: {labels}",
            "청원 제목과 본문을 읽고 가장 알맞은 게시판 분야 하나를 고르세요. ({labels})",
            "아래 국민청원을 담당 분야별로 나눈다면 어디에 속할까요? {labels} 중에서 답하세요.",
        ],
        "examples": [
            ex("반려동물", title="유기견 보호소 지원을 늘려 주세요", content="지역 보호소마다 수용 공간이 부족해 입양을 기다리는 개들이 많습니다. 운영비 지원을 확대해 주세요."),
            ex("교통/건축/국토", title="통학로에 신호등을 설치해 주세요", content="초등학교 앞 사거리에 신호등이 없어 아이들이 차를 피해 건너고 있습니다."),
            ex("육아/교육", title="돌봄교실 운영 시간을 연장해 주세요", content="맞벌이 가정은 오후 다섯 시 이후 아이를 맡길 곳이 없습니다. 저녁 시간까지 돌봄을 운영해 주세요."),
            ex("보건복지", title="희귀질환 치료제 건강보험 적용 요청", content="한 달 약값이 수백만 원이라 치료를 포기하는 환자가 있습니다. 보험 적용을 검토해 주세요."),
            ex("안전/환경", title="공장 주변 미세먼지 측정소를 늘려 주세요", content="산업단지 옆 주거지역에 측정소가 하나뿐이라 실제 오염 정도를 알 수 없습니다."),
            ex("일자리", title="청년 구직자 면접 교통비 지원 확대", content="지방에서 서울로 면접을 보러 가는 비용이 부담됩니다. 교통비 지원 대상을 넓혀 주세요."),
        ],
        "keywords": ["청원", "국민청원", "분야", "게시판"],
        "source": "청와대 국민청원 데이터 (akngs/petitions `petition.csv`)",
        "max_new_tokens": 12,
    },
]
