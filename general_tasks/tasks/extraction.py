"""정보 추출 — named entities (KLUE-NER) and relations (KLUE-RE)."""

from general_tasks.tasks._ex import ex

CATEGORY_ID = "information_extraction"
CATEGORY_NAME = "정보 추출"

#: KLUE-RE relation labels in the dataset's label-id order.
RE_LABELS = [
    "no_relation", "org:dissolved", "org:founded", "org:place_of_headquarters", "org:alternate_names",
    "org:member_of", "org:members", "org:political/religious_affiliation", "org:product", "org:founded_by",
    "org:top_members/employees", "org:number_of_employees/members", "per:date_of_birth", "per:date_of_death",
    "per:place_of_birth", "per:place_of_death", "per:place_of_residence", "per:origin", "per:employee_of",
    "per:schools_attended", "per:alternate_names", "per:parents", "per:children", "per:siblings", "per:spouse",
    "per:other_family", "per:colleagues", "per:product", "per:religion", "per:title",
]  # fmt: skip

TASKS = [
    {
        "id": "klue_ner",
        "name": "개체명 인식",
        "description": "문장에서 사람(PS), 장소(LC), 기관(OG), 날짜(DT), 시간(TI), 수량(QT) 개체를 '개체:유형' 목록으로 뽑습니다.",
        "inputs": ["sentence"],
        "input_format": "문장: {sentence}",
        "output_type": "span",
        "parser": "entities",
        "metric": "exact_match",
        "templates": [
            "문장에 나오는 개체명을 '개체:유형' 형식으로 쉼표로 구분해 나열하세요. 유형은 PS(사람), LC(장소), OG(기관), DT(날짜), TI(시간), QT(수량)입니다. 없으면 '없음'.",
            "다음 문장에서 사람·장소·기관·날짜·시간·수량 표현을 찾아 '단어:PS' 같은 형식으로 적으세요.",
            "개체명 인식: 문장 속 개체와 그 유형(PS, LC, OG, DT, TI, QT)을 모두 답하세요.",
        ],
        "examples": [
            ex("김민준:PS, 부산:LC", sentence="김민준은 어제 부산으로 출장을 갔다."),
            ex("한국은행:OG, 3월:DT", sentence="한국은행은 3월에 기준금리를 발표한다."),
            ex("오후 2시:TI, 30명:QT", sentence="행사는 오후 2시에 시작하며 30명이 참가한다."),
            ex("없음", sentence="오늘은 날씨가 참 맑다."),
            ex("이서연:PS, 국립중앙박물관:OG, 2024년:DT", sentence="이서연은 2024년부터 국립중앙박물관에서 일했다."),
        ],
        "keywords": ["개체명", "인명", "지명", "기관명", "NER"],
        "source": "KLUE-NER (HF `klue`/`ner`, character tokens with BIO tags)",
        "max_new_tokens": 64,
    },
    {
        "id": "klue_re",
        "name": "관계 추출",
        "description": "문장 속 주어 개체와 목적어 개체 사이의 관계를 KLUE-RE 관계 레이블 중 하나로 답합니다.",
        "inputs": ["sentence", "subject", "object"],
        "input_format": "문장: {sentence}\n주어 개체: {subject}\n목적어 개체: {object}",
        "output_type": "labels",
        "labels": RE_LABELS,
        "label_aliases": {"관계 없음": "no_relation", "없음": "no_relation"},
        "parser": "label",
        "metric": "macro_f1",
        "templates": [
            "문장에서 주어 개체와 목적어 개체의 관계를 KLUE 관계 레이블(예: per:employee_of, org:founded, no_relation)로 답하세요.",
            "두 개체 사이의 관계를 하나의 레이블로 분류하세요. 관계가 없으면 no_relation.",
            "관계 추출: 주어 개체가 목적어 개체와 어떤 관계인지 영어 레이블(per:…, org:…)로 쓰세요.",
        ],
        "examples": [
            ex("per:employee_of", sentence="박지훈은 2019년부터 한빛전자에서 연구원으로 일하고 있다.", subject="박지훈", object="한빛전자"),
            ex("org:founded", sentence="푸른재단은 1998년에 설립되었다.", subject="푸른재단", object="1998년"),
            ex("per:place_of_birth", sentence="소설가 최은영은 강릉에서 태어났다.", subject="최은영", object="강릉"),
            ex("per:spouse", sentence="배우 김하늘과 그의 남편 이도윤이 함께 시상식에 참석했다.", subject="김하늘", object="이도윤"),
            ex("no_relation", sentence="정수아는 서울에서 열린 회의 소식을 뉴스로 접했다.", subject="정수아", object="서울"),
        ],
        "keywords": ["관계", "관계 추출", "개체 사이"],
        "source": "KLUE-RE (HF `klue`/`re`)",
        "max_new_tokens": 16,
    },
]
