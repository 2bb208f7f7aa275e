"""The engine's stages, one job per module, each with typed inputs and a frozen output.

    gates        the text gate (empty, too long, not Korean) and the abstention gates (scope,
                 contradictions, too little to name a chart, an unsure ranking)
    facts        facts read from the text, the user's answers applied, the parties' names
    retrieval    the retrieval query and every chart's retrieval score (run once per assessment)
    candidates   the ranked charts (the learned reader, or the rules) and the confidence gate
    mapping      which named party is the chart's A, and the chart's variant
    modifiers    the modifiers the text supports, a user's own selection, their sources
    calculation  one chart evaluated: mapping, variant, modifiers and the calculator's split
    what_if      the range of the split over open modifiers and close competing charts
    questions    open questions and what each answer would change (computed once per facts)
    citations    the chart, its laws and the nearest precedents and committee decisions
    explanation  the Korean explanation built from the assessment
    llm          the optional LLM steps; proposals are validated, the calculator still computes
    names        party names and labels (used by facts, gates and retrieval)

`katalog.engine` composes them and builds the `Assessment` once, from their outputs.
"""
