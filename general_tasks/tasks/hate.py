"""혐오·공격 표현 — hate and offensive speech (APEACH, UnSmile, HateScore, Korean HateSpeech).

Examples are deliberately mild: they show the distinctions without reproducing slurs.
"""

from general_tasks.tasks._ex import ex

CATEGORY_ID = "hate_speech"
CATEGORY_NAME = "혐오·공격 표현 탐지"

UNSMILE_LABELS = ["여성/가족", "남성", "성소수자", "인종/국적", "연령", "지역", "종교", "기타 혐오", "악플/욕설", "혐오 없음"]

TASKS = [
    {
        "id": "apeach_offensive",
        "name": "공격적 발화 탐지",
        "description": "문장이 특정 대상을 겨냥한 공격적 표현인지(공격적) 아닌지(일반) 판단합니다 (APEACH).",
        "inputs": ["text"],
        "input_format": "문장: {text}",
        "output_type": "labels",
        "labels": ["공격적", "일반"],
        "label_aliases": {"offensive": "공격적", "spoiled": "공격적", "default": "일반", "공격": "공격적", "정상": "일반"},
        "parser": "label",
        "metric": "macro_f1",
        "templates": [
            "다음 문장이 누군가를 공격하거나 비하하는 표현이면 '공격적', 아니면 '일반'이라고 답하세요.",
            "아래 발화가 공격적인지 판단하세요. 선택지: {labels}",
            "댓글 검수자로서 이 문장을 분류하세요. 공격적 표현이 있으면 공격적, 없으면 일반.",
        ],
        "examples": [
            ex("공격적", text="저 동네 사람들은 원래 다 게을러서 저 모양이지"),
            ex("일반", text="오늘 회의 자료는 오후 세 시까지 공유해 주세요"),
            ex("공격적", text="나이 먹은 사람들은 새로운 거 배울 머리가 없어"),
            ex("일반", text="주말에 비 온다니까 우산 꼭 챙기세요"),
            ex("공격적", text="너 같은 애가 무슨 의견을 낸다고 그래"),
            ex("일반", text="이번 정책은 장단점이 모두 있는 것 같아요"),
        ],
        "keywords": ["공격적", "비하", "혐오", "악플", "모욕"],
        "source": "APEACH (HF `jason9693/APEACH`)",
        "max_new_tokens": 6,
    },
    {
        "id": "unsmile_multilabel",
        "name": "혐오 대상 다중 분류",
        "description": "댓글이 어떤 집단을 향한 혐오인지 여러 개의 레이블로 답합니다 (UnSmile). 해당이 없으면 '혐오 없음'.",
        "inputs": ["text"],
        "input_format": "댓글: {text}",
        "output_type": "labels",
        "labels": UNSMILE_LABELS,
        "label_aliases": {"clean": "혐오 없음", "없음": "혐오 없음", "욕설": "악플/욕설", "악플": "악플/욕설", "국적": "인종/국적", "가족": "여성/가족"},
        "parser": "multilabel",
        "metric": "exact_match",
        "templates": [
            "다음 댓글이 겨냥하는 혐오 대상을 모두 고르세요. 여러 개면 쉼표로 구분하고, 없으면 '혐오 없음'이라고 답하세요. 선택지: {labels}",
            "아래 댓글의 혐오 표현 유형을 다중 레이블로 분류하세요 ({labels}).",
            "댓글을 읽고 해당하는 혐오 범주를 쉼표로 나열하세요. 해당 범주가 없으면 '혐오 없음'.",
        ],
        "examples": [
            ex("지역", text="그 지방 사람들은 말투부터 믿음이 안 가"),
            ex("연령", text="노인들은 버스에 타지 말고 집에나 있었으면"),
            ex("혐오 없음", text="오늘 경기 진짜 재밌었다 다음 주도 기대됨"),
            ex("악플/욕설", text="글 쓰는 수준 보니 머리가 비었나 보네"),
            ex("연령, 여성/가족", text="요즘 젊은 엄마들은 애를 제대로 키울 줄 몰라"),
            ex("종교", text="저 종교 믿는 사람들은 다 제정신이 아니야"),
        ],
        "keywords": ["혐오 대상", "다중 레이블", "혐오 범주", "댓글"],
        "source": "Korean UnSmile (HF `smilegate-ai/kor_unsmile`)",
        "max_new_tokens": 16,
    },
    {
        "id": "hatescore_category",
        "name": "혐오·욕설 유형 분류",
        "description": "댓글을 혐오(집단 대상), 욕설·비하(개인 대상 모욕), 일반 중 하나로 분류합니다 (HateScore).",
        "inputs": ["text"],
        "input_format": "댓글: {text}",
        "output_type": "labels",
        "labels": ["혐오", "욕설·비하", "일반"],
        "label_aliases": {"hate": "혐오", "욕설": "욕설·비하", "비하": "욕설·비하", "offensive": "욕설·비하", "clean": "일반", "none": "일반"},
        "parser": "label",
        "metric": "macro_f1",
        "templates": [
            "다음 댓글을 혐오, 욕설·비하, 일반 중 하나로 분류하세요. 집단을 겨냥하면 혐오, 개인을 모욕하면 욕설·비하입니다.",
            "아래 댓글의 유형을 고르세요. 선택지: {labels}",
            "온라인 댓글 모니터링: 이 댓글이 혐오인지, 욕설·비하인지, 일반 댓글인지 답하세요.",
        ],
        "examples": [
            ex("혐오", text="외국인 노동자들 때문에 동네가 엉망이 됐다"),
            ex("욕설·비하", text="작성자 진짜 한심하다 이런 글을 왜 올림"),
            ex("일반", text="사진 잘 찍으셨네요 어디서 찍으신 건가요"),
            ex("혐오", text="그 나이대 남자들은 하나같이 꼰대야"),
            ex("일반", text="저도 같은 문제 겪었는데 재부팅하니까 되더라고요"),
            ex("욕설·비하", text="말귀를 못 알아듣네 바보냐"),
        ],
        "keywords": ["욕설", "비하", "혐오 유형", "댓글 모니터링"],
        "source": "HateScore (sgunderscore/hatescore-korean-hate-speech, CSV)",
        "max_new_tokens": 6,
    },
    {
        "id": "korean_hatespeech",
        "name": "연예 뉴스 댓글 혐오 등급",
        "description": "연예 뉴스 댓글을 혐오, 공격, 없음의 세 등급으로 분류합니다 (Korean HateSpeech Dataset).",
        "inputs": ["comment"],
        "input_format": "댓글: {comment}",
        "output_type": "labels",
        "labels": ["혐오", "공격", "없음"],
        "label_aliases": {"hate": "혐오", "offensive": "공격", "none": "없음", "정상": "없음"},
        "parser": "label",
        "metric": "macro_f1",
        "templates": [
            "다음 연예 기사 댓글의 혐오 등급을 혐오, 공격, 없음 중에서 고르세요.",
            "댓글이 사회적 집단을 향한 혐오면 '혐오', 개인을 향한 공격이면 '공격', 문제없으면 '없음'으로 답하세요.",
            "아래 댓글을 분류하세요. 선택지: {labels}",
        ],
        "examples": [
            ex("없음", comment="이번 앨범 타이틀곡 너무 좋다 계속 듣는 중"),
            ex("공격", comment="연기 실력도 없으면서 얼굴로만 버티네"),
            ex("혐오", comment="여자 아이돌은 다 실력 없이 외모로 뜨는 거지"),
            ex("없음", comment="건강 잘 챙기시고 다음 작품에서 봬요"),
            ex("공격", comment="저 사람 나오면 채널 돌림 꼴도 보기 싫어"),
        ],
        "keywords": ["연예", "댓글", "혐오 등급"],
        "source": "Korean HateSpeech Dataset (HF `kor_hate`, or kocohub labeled/*.tsv)",
        "max_new_tokens": 4,
    },
]
