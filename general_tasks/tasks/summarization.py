"""요약 — news summarisation and headline generation (naver-news-summarization-ko)."""

from general_tasks.tasks._ex import ex

CATEGORY_ID = "summarization"
CATEGORY_NAME = "요약"

_N1 = ("시는 다음 달부터 시내버스 노선 열두 개를 조정한다고 밝혔다. 새 아파트 단지가 들어선 동부 지역에는 노선 세 개를 "
       "새로 만들고, 이용객이 적은 구도심 노선 두 개는 통합한다. 시는 배차 간격이 평균 4분 줄어들 것으로 내다봤다.")
_N2 = ("지난 주말 내린 폭우로 농경지 300헥타르가 물에 잠겼다. 도는 피해 농가에 재난지원금을 우선 지급하고, "
       "배수 펌프장 증설 예산을 추가로 편성하기로 했다.")
_N3 = ("국내 한 배터리 기업이 충전 시간을 절반으로 줄인 신제품을 공개했다. 회사는 내년 상반기 양산에 들어가 "
       "전기차 업체 세 곳에 공급할 계획이라고 밝혔다.")
_N4 = ("올해 수능 지원자가 지난해보다 1만 명가량 늘었다. 재수생 등 졸업생 비율이 30%를 넘어 최근 20여 년 사이 가장 높았다.")
_N5 = ("지역 도서관들이 야간 개방 시간을 밤 10시까지 늘린다. 직장인 이용자가 늘어난 데 따른 조치로, 시범 운영 후 "
       "이용 실적을 보고 연장 여부를 정한다.")

TASKS = [
    {
        "id": "news_summary",
        "name": "뉴스 기사 요약",
        "description": "뉴스 본문을 핵심 내용이 담긴 한두 문장으로 요약합니다.",
        "inputs": ["document"],
        "input_format": "기사: {document}",
        "output_type": "free_text",
        "parser": "text",
        "metric": "rouge_l",
        "templates": [
            "다음 뉴스 기사를 핵심만 담아 한두 문장으로 요약하세요.",
            "기사를 읽고 가장 중요한 사실 위주로 짧게 요약해 주세요.",
            "아래 기사의 요점을 간결한 문장으로 정리하세요.",
        ],
        "examples": [
            ex("시가 다음 달 시내버스 노선 12개를 조정해 동부에 3개 노선을 신설하고 구도심 2개 노선을 통합한다.", document=_N1),
            ex("주말 폭우로 농경지 300헥타르가 침수되자 도가 재난지원금 우선 지급과 배수 펌프장 증설을 결정했다.", document=_N2),
            ex("한 배터리 기업이 충전 시간을 절반으로 줄인 신제품을 공개하고 내년 상반기 양산할 계획이다.", document=_N3),
            ex("올해 수능 지원자가 1만 명가량 늘었고 졸업생 비율이 30%를 넘어 20여 년 만에 가장 높았다.", document=_N4),
            ex("지역 도서관들이 직장인 이용 증가에 맞춰 야간 개방을 밤 10시까지 시범 연장한다.", document=_N5),
        ],
        "keywords": ["요약", "기사", "정리", "핵심"],
        "source": "naver-news-summarization-ko (HF `daekeun-ml/naver-news-summarization-ko`)",
        "max_new_tokens": 160,
    },
    {
        "id": "news_title",
        "name": "뉴스 제목 생성",
        "description": "뉴스 본문을 읽고 기사 제목을 짓습니다.",
        "inputs": ["document"],
        "input_format": "기사: {document}",
        "output_type": "free_text",
        "parser": "text",
        "metric": "rouge_l",
        "templates": [
            "다음 기사에 어울리는 제목을 한 줄로 지으세요.",
            "기사 내용을 대표하는 짧은 헤드라인을 작성하세요.",
            "편집자처럼 이 기사의 제목을 붙여 주세요.",
        ],
        "examples": [
            ex("시내버스 12개 노선 조정…동부 신설·구도심 통합", document=_N1),
            ex("폭우로 농경지 300헥타르 침수…재난지원금 우선 지급", document=_N2),
            ex("충전 시간 절반으로 줄인 배터리 공개…내년 양산", document=_N3),
            ex("수능 지원자 1만 명 증가…졸업생 비율 20여 년 만에 최고", document=_N4),
            ex("지역 도서관 야간 개방 밤 10시까지 연장", document=_N5),
        ],
        "keywords": ["제목", "헤드라인", "타이틀"],
        "source": "naver-news-summarization-ko (HF `daekeun-ml/naver-news-summarization-ko`, `title` column)",
        "max_new_tokens": 48,
    },
]
