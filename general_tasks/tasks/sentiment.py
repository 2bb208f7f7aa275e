"""감성 분석 — sentiment (NSMC movie reviews, KoBEST SentiNeg, shopping reviews)."""

from general_tasks.tasks._ex import ex

CATEGORY_ID = "sentiment"
CATEGORY_NAME = "감성 분석"

POLARITY = ["긍정", "부정"]
ALIASES = {"positive": "긍정", "negative": "부정", "pos": "긍정", "neg": "부정", "좋음": "긍정", "나쁨": "부정"}

TASKS = [
    {
        "id": "nsmc_sentiment",
        "name": "영화 리뷰 감성 분류",
        "description": "네이버 영화 리뷰 한 줄을 읽고 긍정인지 부정인지 판단합니다.",
        "inputs": ["review"],
        "input_format": "리뷰: {review}",
        "output_type": "labels",
        "labels": POLARITY,
        "label_aliases": ALIASES,
        "parser": "label",
        "metric": "accuracy",
        "templates": [
            "다음 영화 리뷰의 감정이 긍정인지 부정인지 답하세요.",
            "아래 관람평을 쓴 사람은 영화를 좋게 평가했나요? '긍정' 또는 '부정'으로만 답하세요.",
            "영화 리뷰의 감성을 분류하세요. 선택지: {labels}",
        ],
        "examples": [
            ex("긍정", review="배우들 연기가 살아 있어서 두 시간이 금방 갔다"),
            ex("부정", review="예고편이 전부였네요. 중반부터 졸았습니다"),
            ex("긍정", review="잔잔한데 마지막 장면에서 눈물이 났어요. 또 보고 싶다"),
            ex("부정", review="개연성도 없고 결말은 허무함 그 자체"),
            ex("부정", review="돈 아깝다는 말이 절로 나오는 영화"),
            ex("긍정", review="음악이랑 영상미 때문에라도 극장에서 볼 가치가 있음"),
        ],
        "keywords": ["영화", "리뷰", "관람평", "감성", "감정", "긍정", "부정"],
        "source": "NSMC (HF `e9t/nsmc`, or ratings_train.txt / ratings_test.txt)",
        "max_new_tokens": 4,
    },
    {
        "id": "kobest_sentineg",
        "name": "부정 표현 감성 분류",
        "description": "'안', '못', '없다' 같은 부정 표현이 들어간 문장의 감성을 긍정/부정으로 판단합니다 (KoBEST SentiNeg).",
        "inputs": ["sentence"],
        "input_format": "문장: {sentence}",
        "output_type": "labels",
        "labels": POLARITY,
        "label_aliases": ALIASES,
        "parser": "label",
        "metric": "accuracy",
        "templates": [
            "부정 표현에 주의하여 다음 문장의 감성이 긍정인지 부정인지 판단하세요.",
            "아래 문장은 결국 좋다는 뜻인가요, 나쁘다는 뜻인가요? {labels} 중 하나로 답하세요.",
            "문장에 '안', '못', '없다'가 있어도 전체 의미를 따져 감성을 분류하세요. 답: 긍정 또는 부정",
        ],
        "examples": [
            ex("긍정", sentence="배송이 늦지 않아서 전혀 불편하지 않았어요"),
            ex("부정", sentence="설명서대로 했는데도 조립이 안 돼요"),
            ex("긍정", sentence="이 가격에 이 정도면 나쁘지 않다"),
            ex("부정", sentence="기대했던 맛은 아니었고 다시 살 생각은 없어요"),
            ex("긍정", sentence="걱정했던 소음이 하나도 없네요"),
        ],
        "keywords": ["부정문", "부정 표현", "감성"],
        "source": "KoBEST SentiNeg (HF `skt/kobest_v1`/`sentineg`)",
        "max_new_tokens": 4,
    },
    {
        "id": "shopping_review_sentiment",
        "name": "쇼핑 리뷰 감성 분류",
        "description": "온라인 쇼핑몰 상품 리뷰의 만족 여부를 긍정/부정으로 분류합니다 (별점 4–5 긍정, 1–2 부정).",
        "inputs": ["review"],
        "input_format": "상품 리뷰: {review}",
        "output_type": "labels",
        "labels": POLARITY,
        "label_aliases": ALIASES,
        "parser": "label",
        "metric": "accuracy",
        "templates": [
            "다음 상품 리뷰를 쓴 고객이 만족했는지 판단해 긍정 또는 부정으로 답하세요.",
            "쇼핑몰 후기의 감성을 {labels} 중에서 고르세요.",
            "이 구매 후기는 칭찬인가요, 불만인가요? 칭찬이면 긍정, 불만이면 부정이라고 답하세요.",
        ],
        "examples": [
            ex("긍정", review="사이즈 딱 맞고 색감도 사진이랑 똑같아요"),
            ex("부정", review="포장이 찢어져서 왔고 한쪽이 찌그러져 있네요"),
            ex("긍정", review="두 번째 구매입니다. 역시 튼튼해요"),
            ex("부정", review="일주일 만에 전원이 안 들어옵니다. 교환 요청했어요"),
            ex("부정", review="냄새가 너무 심해서 베란다에 내놨어요"),
            ex("긍정", review="부모님 선물로 드렸는데 아주 좋아하셨어요"),
        ],
        "keywords": ["쇼핑", "상품", "후기", "구매", "별점", "리뷰"],
        "source": "네이버 쇼핑 리뷰 (bab2min/corpus `naver_shopping.txt`, rating<TAB>review)",
        "max_new_tokens": 4,
    },
]
