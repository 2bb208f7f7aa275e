"""Converters for the public Korean datasets, each reading its source's own column format.

Hub rows are what `datasets.load_dataset` returns; every hub task also accepts `<task>.jsonl`,
a local export of those rows. Local originals (TSV/CSV/JSON) are read in their published layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from general_tasks.builders.base import Example, Row, Source, pick, stable_index, text, truthy
from general_tasks.registry import get_task

NLI_NAMES = {"entailment": "함의", "neutral": "중립", "contradiction": "모순"}
NLI_BY_ID = ["함의", "중립", "모순"]  # kor_nli and klue/nli label ids: 0 entailment, 1 neutral, 2 contradiction


#: SmileStyle column → Korean style name used in prompts.
STYLE_NAMES = {
    "formal": "격식체(존댓말)", "informal": "비격식체(반말)", "gentle": "부드러운 말투", "chat": "채팅체",
    "king": "임금 말투", "seonbi": "선비 말투", "halbae": "할아버지 말투", "halmae": "할머니 말투",
    "enfp": "발랄한 말투", "sosim": "소심한 말투", "translator": "번역투", "android": "로봇 말투",
}  # fmt: skip


def _labels(task_id: str) -> list[str]:
    """The task's label set (for KLUE-RE, 3i4k and YNAT in the dataset's label-id order)."""
    return get_task(task_id).labels


def _label_by_id_or_name(value, by_id: list[str], names: dict[str, str] | None = None) -> str | None:
    if value is None or value == "":
        return None
    s = str(value).strip()
    if s.lstrip("-").isdigit():
        i = int(s)
        return by_id[i] if 0 <= i < len(by_id) else None
    if names and s.lower() in names:
        return names[s.lower()]
    return s if s in by_id else None


# -- topic -----------------------------------------------------------------------------------
def ynat(row: Row) -> Example | None:
    label = _label_by_id_or_name(pick(row, "label", "predefined_news_category"), _labels("ynat_topic"))
    title = text(row.get("title"))
    return ({"title": title}, label) if title and label else None


def petition_category(row: Row) -> Example | None:
    cat = text(row.get("category"))
    if cat not in _labels("petition_category") or not row.get("content"):
        return None
    return {"title": text(row.get("title")), "content": text(row["content"], 800)}, cat


# -- sentiment -------------------------------------------------------------------------------
def _polarity(value) -> str | None:
    s = str(value).strip()
    return {"1": "긍정", "0": "부정"}.get(s)


def nsmc(row: Row) -> Example | None:
    review, label = text(pick(row, "document", "text")), _polarity(row.get("label"))
    return ({"review": review}, label) if review and label else None


def sentineg(row: Row) -> Example | None:
    sentence, label = text(pick(row, "sentence", "text")), _polarity(row.get("label"))
    return ({"sentence": sentence}, label) if sentence and label else None


def shopping(row: Row) -> Example | None:
    try:
        rating = int(str(row.get("rating")).strip())
    except ValueError:
        return None
    review = text(row.get("review"))
    if not review or rating == 3:  # neutral ratings are not part of the binary task
        return None
    return {"review": review}, "긍정" if rating >= 4 else "부정"


# -- hate ------------------------------------------------------------------------------------
def apeach(row: Row) -> Example | None:
    value = str(pick(row, "class", "label")).strip()
    label = {"1": "공격적", "0": "일반", "spoiled": "공격적", "default": "일반", "offensive": "공격적"}.get(value.lower())
    t = text(pick(row, "text", "sentence"))
    return ({"text": t}, label) if t and label else None


UNSMILE_COLUMNS = {
    "여성/가족": "여성/가족", "남성": "남성", "성소수자": "성소수자", "인종/국적": "인종/국적", "연령": "연령",
    "지역": "지역", "종교": "종교", "기타 혐오": "기타 혐오", "악플/욕설": "악플/욕설", "clean": "혐오 없음",
}  # fmt: skip


def unsmile(row: Row) -> Example | None:
    t = text(pick(row, "문장", "text"))
    labels = sorted({lab for col, lab in UNSMILE_COLUMNS.items() if truthy(row.get(col, 0))})
    if not t or not labels:
        return None
    if "혐오 없음" in labels and len(labels) > 1:  # contradictory row: clean plus a category
        return None
    return {"text": t}, ", ".join(labels)


_HATE_GROUPS = ("여성", "남성", "성소수자", "인종", "국적", "연령", "지역", "종교", "기타 혐오", "hate", "혐오")


def hatescore_label(value: str) -> str | None:
    v = value.strip().lower()
    if v in ("clean", "none", "일반", "정상", "0"):
        return "일반"
    if any(k in v for k in ("악플", "욕설", "비하", "offensive", "모욕", "공격", "개인지칭")):
        return "욕설·비하"
    if any(k in v for k in _HATE_GROUPS):
        return "혐오"
    return None


def hatescore(row: Row) -> Example | None:
    t = text(pick(row, "comment", "문장", "text"))
    raw = pick(row, "macrolabel", "label", "class", "microlabel")
    label = hatescore_label(str(raw)) if raw is not None else None
    return ({"text": t}, label) if t and label else None


def kor_hate(row: Row) -> Example | None:
    label = _label_by_id_or_name(row.get("hate"), ["혐오", "공격", "없음"], {"hate": "혐오", "offensive": "공격", "none": "없음"})
    c = text(pick(row, "comments", "comment"))
    return ({"comment": c}, label) if c and label else None


# -- nli -------------------------------------------------------------------------------------
def nli(row: Row) -> Example | None:
    premise = text(pick(row, "premise", "sentence1"))
    hyp = text(pick(row, "hypothesis", "sentence2"))
    label = _label_by_id_or_name(pick(row, "label", "gold_label"), NLI_BY_ID, NLI_NAMES)
    return ({"premise": premise, "hypothesis": hyp}, label) if premise and hyp and label else None


def copa(row: Row) -> Example | None:
    q = text(row.get("question"))
    q = {"cause": "원인", "effect": "결과"}.get(q.lower(), q)
    try:
        label = str(int(row["label"]) + 1)
    except (KeyError, TypeError, ValueError):
        return None
    fields = {"premise": text(row.get("premise")), "question": q,
              "alternative_1": text(row.get("alternative_1")), "alternative_2": text(row.get("alternative_2"))}  # fmt: skip
    return (fields, label) if all(fields.values()) and label in ("1", "2") else None


# -- similarity ------------------------------------------------------------------------------
def _score(value) -> str | None:
    if isinstance(value, dict):
        value = value.get("label", value.get("real-label"))
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return f"{min(5.0, max(0.0, v)):.1f}"


def sts(row: Row) -> Example | None:
    s1, s2 = text(row.get("sentence1")), text(row.get("sentence2"))
    score = _score(pick(row, "score", "labels", "label"))
    return ({"sentence1": s1, "sentence2": s2}, score) if s1 and s2 and score else None


def _same(value) -> str | None:
    s = str(value).strip().lower()
    return {"1": "같음", "true": "같음", "0": "다름", "false": "다름"}.get(s)


def pawsx(row: Row) -> Example | None:
    s1, s2, label = text(row.get("sentence1")), text(row.get("sentence2")), _same(row.get("label"))
    return ({"sentence1": s1, "sentence2": s2}, label) if s1 and s2 and label else None


PARAKQC_GROUP = 10
"""paraKQC_v1.txt lists 1,000 sets of 10 paraphrased utterances, one per line, set after set."""


def parakqc(rows: list[Row]) -> Iterator[Example]:
    """Positive pairs inside a set of 10, negatives with the same position in the next set."""
    if rows and {"sentence1", "sentence2", "label"} <= set(rows[0]):
        for r in rows:
            label = _same(r["label"])
            if label:
                yield {"sentence1": text(r["sentence1"]), "sentence2": text(r["sentence2"])}, label
        return
    lines = [text(r.get("text")) for r in rows]
    groups = [lines[i : i + PARAKQC_GROUP] for i in range(0, len(lines), PARAKQC_GROUP)]
    groups = [g for g in groups if len(g) == PARAKQC_GROUP and all(g)]
    for gi, g in enumerate(groups):
        for i in range(0, PARAKQC_GROUP - 1, 2):
            yield {"sentence1": g[i], "sentence2": g[i + 1]}, "같음"
        if gi + 1 < len(groups):
            for i in range(0, PARAKQC_GROUP, 2):
                yield {"sentence1": g[i], "sentence2": groups[gi + 1][i]}, "다름"


QPAIR_DUPLICATE = "0"
"""songys/Question_pair marks a duplicate pair with is_duplicate = 0 (1 = different question)."""


def question_pair(row: Row) -> Example | None:
    q1, q2 = text(row.get("question1")), text(row.get("question2"))
    flag = str(row.get("is_duplicate", "")).strip()
    if not (q1 and q2) or flag not in ("0", "1"):
        return None
    return {"question1": q1, "question2": q2}, "같음" if flag == QPAIR_DUPLICATE else "다름"


def wic(row: Row) -> Example | None:
    fields = {"word": text(pick(row, "word", "Target")), "sentence1": text(pick(row, "context_1", "SENTENCE1")),
              "sentence2": text(pick(row, "context_2", "SENTENCE2"))}  # fmt: skip
    label = _same(pick(row, "label", "ANSWER"))
    return (fields, label) if all(fields.values()) and label else None


# -- qa --------------------------------------------------------------------------------------
def korquad_rows(rows: list[Row]) -> Iterator[Example]:
    """Hub rows ({context, question, answers{text}}) or the SQuAD-nested KorQuAD JSON."""
    for row in rows:
        if "paragraphs" in row:
            for p in row["paragraphs"]:
                for qa in p.get("qas", []):
                    if qa.get("answers"):
                        yield {"context": text(p["context"]), "question": text(qa["question"])}, text(qa["answers"][0]["text"])
        elif row.get("answers"):
            answers = row["answers"]
            first = answers["text"][0] if isinstance(answers, dict) else answers[0]["text"]
            yield {"context": text(row["context"]), "question": text(row["question"])}, text(first)


def boolq(row: Row) -> Example | None:
    p, q = text(pick(row, "paragraph", "passage")), text(row.get("question"))
    label = {"1": "예", "0": "아니오", "true": "예", "false": "아니오"}.get(str(row.get("label")).strip().lower())
    return ({"passage": p, "question": q}, label) if p and q and label else None


def kmmlu(row: Row) -> Example | None:
    fields = {k: text(row.get(k)) for k in ("question", "A", "B", "C", "D")}
    ans = str(row.get("answer", "")).strip()
    ans = {"A": "1", "B": "2", "C": "3", "D": "4"}.get(ans.upper(), ans)
    return (fields, ans) if all(fields.values()) and ans in ("1", "2", "3", "4") else None


def math_word(row: Row) -> Example | None:
    """{question, answer}; a GSM8K-style answer keeps its worked solution before '정답: n'."""
    q, a = text(row.get("question")), str(row.get("answer", "")).strip()
    if not q or not a:
        return None
    if "####" in a:
        work, final = a.rsplit("####", 1)
        final = final.strip().replace(",", "")
        return ({"question": q}, f"{text(work)}\n정답: {final}") if final else None
    num = a.replace(",", "")
    return ({"question": q}, num) if re.fullmatch(r"-?\d+(\.\d+)?", num) else None


def closed_book(row: Row) -> Example | None:
    q, a = text(row.get("question")), text(pick(row, "answer", "answers"))
    return ({"question": q}, a) if q and a else None


# -- summarisation / generation --------------------------------------------------------------
def news_summary(row: Row) -> Example | None:
    doc, summ = text(row.get("document"), 2000), text(row.get("summary"))
    return ({"document": doc}, summ) if doc and summ else None


def news_title(row: Row) -> Example | None:
    doc, title = text(row.get("document"), 2000), text(row.get("title"))
    return ({"document": doc}, title) if doc and title else None


_SENT = re.compile(r"(?<=[다요음함임]\.)\s+")


def continuation(row: Row) -> Example | None:
    sents = [s for s in _SENT.split(text(row.get("document"))) if len(s) > 5]
    if len(sents) < 3:
        return None
    k = 2 if len(sents) > 3 else 1
    return {"context": " ".join(sents[:k])}, sents[k]


def hellaswag(row: Row) -> Example | None:
    fields = {"context": text(row.get("context"))} | {f"ending_{i}": text(row.get(f"ending_{i}")) for i in range(1, 5)}
    try:
        label = str(int(row["label"]) + 1)
    except (KeyError, TypeError, ValueError):
        return None
    return (fields, label) if all(fields.values()) else None


# -- extraction ------------------------------------------------------------------------------
_NER_MARK = re.compile(r"<([^<>:]+):([A-Z]{2})>")
NER_TAGS = ["B-DT", "I-DT", "B-LC", "I-LC", "B-OG", "I-OG", "B-PS", "I-PS", "B-QT", "I-QT", "B-TI", "I-TI", "O"]


def _ner_from_markup(marked: str) -> Example:
    ents = sorted({f"{w.strip()}:{t}" for w, t in _NER_MARK.findall(marked)})
    return {"sentence": _NER_MARK.sub(r"\1", marked).strip()}, ", ".join(ents) or "없음"


def _ner_from_bio(tokens: list[str], tags: list) -> Example:
    names = [NER_TAGS[t] if isinstance(t, int) else str(t) for t in tags]
    ents, cur, typ = set(), "", ""
    for ch, tag in zip(tokens, names, strict=False):
        if tag.startswith("B-"):
            if cur:
                ents.add(f"{cur.strip()}:{typ}")
            cur, typ = ch, tag[2:]
        elif tag.startswith("I-") and cur:
            cur += ch
        else:
            if cur:
                ents.add(f"{cur.strip()}:{typ}")
            cur = ""
    if cur:
        ents.add(f"{cur.strip()}:{typ}")
    return {"sentence": "".join(tokens).strip()}, ", ".join(sorted(ents)) or "없음"


def klue_ner(rows: list[Row]) -> Iterator[Example]:
    """Hub rows (sentence with <word:TYPE> markup, tokens, ner_tags) or the KLUE TSV, whose
    '## id<TAB>marked sentence' lines carry the same markup (the char<TAB>tag lines are skipped)."""
    for row in rows:
        marked = row.get("sentence")
        if isinstance(marked, str) and marked:
            yield _ner_from_markup(marked)
        elif row.get("tokens"):
            yield _ner_from_bio(list(row["tokens"]), list(row["ner_tags"]))
        elif str(row.get("mark", "")).startswith("## ") and row.get("tag"):
            yield _ner_from_markup(str(row["tag"]))


def klue_re(row: Row) -> Example | None:
    subj, obj = row.get("subject_entity") or {}, row.get("object_entity") or {}
    if isinstance(subj, str):
        import ast

        subj, obj = ast.literal_eval(subj), ast.literal_eval(obj)
    label = _label_by_id_or_name(row.get("label"), _labels("klue_re"))
    fields = {"sentence": text(row.get("sentence")), "subject": text(subj.get("word")), "object": text(obj.get("word"))}
    return (fields, label) if all(fields.values()) and label else None


# -- style -----------------------------------------------------------------------------------
def style_transfer(row: Row) -> Example | None:
    src = text(row.get("formal")) or text(row.get("informal"))
    targets = [c for c in STYLE_NAMES if c not in ("formal",) and text(row.get(c)) and text(row.get(c)) != src]
    if not src or not targets:
        return None
    col = targets[stable_index(src, len(targets))]
    return {"style": STYLE_NAMES[col], "text": src}, text(row[col])


def honorific_conversion(row: Row) -> Example | None:
    inf, formal = text(row.get("informal")), text(row.get("formal"))
    return ({"text": inf}, formal) if inf and formal else None


def honorific_level(row: Row) -> Iterable[Example]:
    if text(row.get("formal")):
        yield {"text": text(row["formal"])}, "존댓말"
    if text(row.get("informal")):
        yield {"text": text(row["informal"])}, "반말"


# -- intent ----------------------------------------------------------------------------------
def sae4k(row: Row) -> Example | None:
    u, a = text(row.get("utterance")), text(row.get("argument"))
    return ({"utterance": u}, a) if u and a else None


def i4k(row: Row) -> Example | None:
    label = _label_by_id_or_name(row.get("label"), _labels("kor_3i4k"))
    t = text(row.get("text"))
    return ({"text": t}, label) if t and label else None


def petition_argument(row: Row) -> Example | None:
    content, title = text(row.get("content"), 800), text(row.get("title"))
    return ({"content": content}, title) if content and title else None


# -- legal (public) --------------------------------------------------------------------------
def lbox_summary(row: Row) -> Example | None:
    src = text(pick(row, "input", "precedent", "facts", "text"), 3000)
    summ = text(pick(row, "summary", "output"))
    return ({"judgment": src}, summ) if src and summ else None


def _hub(task: str, hid: str, cfg: str | None, split: str = "train", **kw) -> Source:
    files = kw.pop("files", [])
    return Source(task=task, hub=(hid, cfg, split), files=[*files, f"{task}.jsonl"], **kw)


_NEWS = ("daekeun-ml/naver-news-summarization-ko", None, "train")
_PETITION = ["petition.csv", "petition_sampled.csv"]
_SMILE = ["smilestyle_dataset.tsv"]

PUBLIC_SOURCES: list[Source] = [
    _hub("ynat_topic", "klue", "ynat", convert=ynat, files=["ynat-v1.1_train.json"], fmt="KLUE JSON list {title, label}"),
    Source("petition_category", files=_PETITION, reader="csv", convert=petition_category,
           fmt="CSV article_id,start,end,answered,votes,category,title,content"),
    _hub("nsmc_sentiment", "e9t/nsmc", None, convert=nsmc, files=["ratings_train.txt", "ratings_test.txt"],
         reader="tsv", fmt="TSV id<TAB>document<TAB>label"),
    _hub("kobest_sentineg", "skt/kobest_v1", "sentineg", convert=sentineg, fmt="JSONL {sentence, label}"),
    Source("shopping_review_sentiment", files=["naver_shopping.txt"], reader="tsv:rating,review", convert=shopping,
           fmt="TSV without header: rating<TAB>review"),
    _hub("apeach_offensive", "jason9693/APEACH", None, convert=apeach, fmt="JSONL {text, class}"),
    _hub("unsmile_multilabel", "smilegate-ai/kor_unsmile", None, convert=unsmile, files=["unsmile_train_v1.0.tsv"],
         reader="tsv", fmt="TSV 문장<TAB>여성/가족<TAB>…<TAB>clean<TAB>개인지칭 (0/1)"),
    Source("hatescore_category", files=["hatescore.csv", "hatescore_dataset.csv"], reader="csv", convert=hatescore,
           fmt="CSV with comment and macrolabel columns"),
    _hub("korean_hatespeech", "kor_hate", None, convert=kor_hate, files=["train.tsv"], reader="tsv",
         fmt="TSV comments<TAB>contain_gender_bias<TAB>bias<TAB>hate"),
    _hub("kornli", "kor_nli", "multi_nli", convert=nli, files=["multinli.train.ko.tsv", "snli_1.0_train.ko.tsv"],
         reader="tsv", fmt="TSV sentence1<TAB>sentence2<TAB>gold_label"),
    _hub("klue_nli", "klue", "nli", convert=nli, files=["klue-nli-v1.1_train.json"],
         fmt="KLUE JSON list {premise, hypothesis, gold_label}"),
    _hub("kobest_copa", "skt/kobest_v1", "copa", convert=copa, fmt="JSONL {premise, question, alternative_1, alternative_2, label}"),
    _hub("korsts", "kor_nlu", "sts", convert=sts, files=["sts-train.tsv"], reader="tsv",
         fmt="TSV genre filename year id score sentence1 sentence2"),
    _hub("klue_sts", "klue", "sts", convert=sts, files=["klue-sts-v1.1_train.json"],
         fmt="KLUE JSON list {sentence1, sentence2, labels{label}}"),
    _hub("pawsx_paraphrase", "paws-x", "ko", convert=pawsx, files=["translated_train.tsv"], reader="tsv",
         fmt="TSV id<TAB>sentence1<TAB>sentence2<TAB>label"),
    Source("parakqc_paraphrase", files=["paraKQC_v1.txt", "parakqc_pairs.tsv"], reader="auto", convert_all=parakqc,
           fmt="one utterance per line, sets of 10 paraphrases (or TSV sentence1,sentence2,label)"),
    Source("question_pair", files=["kor_pair_train.csv", "kor_Pair_train.csv"], reader="csv", convert=question_pair,
           fmt="CSV id,question1,question2,is_duplicate (0 = duplicate)"),
    _hub("kobest_wic", "skt/kobest_v1", "wic", convert=wic, fmt="JSONL {word, context_1, context_2, label}"),
    _hub("korquad_mrc", "squad_kor_v1", None, convert_all=korquad_rows, files=["KorQuAD_v1.0_train.json"],
         reader="json", fmt="KorQuAD/SQuAD JSON {data:[{paragraphs:[{context, qas}]}]}"),
    _hub("kobest_boolq", "skt/kobest_v1", "boolq", convert=boolq, fmt="JSONL {paragraph, question, label}"),
    _hub("kmmlu_mcqa", "HAERAE-HUB/KMMLU", "Law", convert=kmmlu, files=["kmmlu.csv"], reader="csv",
         fmt="CSV question,answer,A,B,C,D,Category,Human Accuracy (answer 1-4)"),
    Source("closed_book_qa", files=["closed_book_qa.jsonl"], convert=closed_book, fmt="JSONL {question, answer}"),
    _hub("news_summary", *_NEWS, convert=news_summary, files=["naver_news_summary.jsonl"],
         fmt="JSONL {date, category, press, title, document, link, summary}"),
    _hub("news_title", *_NEWS, convert=news_title, files=["naver_news_summary.jsonl"], fmt="same as news_summary"),
    _hub("klue_ner", "klue", "ner", convert_all=klue_ner, files=["klue-ner-v1.1_train.tsv"], reader="tsv:mark,tag",
         fmt="KLUE NER TSV ('## id<TAB><word:TYPE> sentence' then char<TAB>tag lines)"),
    _hub("klue_re", "klue", "re", convert=klue_re, files=["klue-re-v1.1_train.json"],
         fmt="KLUE JSON list {sentence, subject_entity{word}, object_entity{word}, label}"),
    _hub("kobest_hellaswag", "skt/kobest_v1", "hellaswag", convert=hellaswag, fmt="JSONL {context, ending_1..4, label}"),
    _hub("text_continuation", *_NEWS, convert=continuation, files=["naver_news_summary.jsonl"], fmt="same as news_summary"),
    Source("style_transfer", files=_SMILE, reader="tsv", convert=style_transfer, fmt="SmileStyle TSV formal<TAB>informal<TAB>…"),
    Source("honorific_conversion", files=_SMILE, reader="tsv", convert=honorific_conversion, fmt="SmileStyle TSV"),
    Source("honorific_level", files=_SMILE, reader="tsv", convert=honorific_level, fmt="SmileStyle TSV"),
    Source("sae4k_intent", files=["sae4k_v1.txt", "sae4k_v2.txt"], reader="tsv:utterance,argument,label", convert=sae4k,
           fmt="TSV without header: utterance<TAB>argument<TAB>label"),
    _hub("kor_3i4k", "kor_3i4k", None, convert=i4k, files=["fci_train_val.txt"], reader="tsv:label,text",
         fmt="TSV without header: label id<TAB>text"),
    Source("petition_argument", files=_PETITION, reader="csv", convert=petition_argument, fmt="same as petition_category"),
    Source("math_word_problem", files=["math_word_problems.jsonl"], convert=math_word,
           fmt="JSONL {question, answer} (answer a number, or a solution ending in '#### n')"),
    _hub("judgment_summary", "lbox/lbox_open", "summarization", convert=lbox_summary, fmt="JSONL {input, summary}"),
]  # fmt: skip
