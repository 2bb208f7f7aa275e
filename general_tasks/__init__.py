"""The general Korean assistant: 41 instruction tasks in 13 categories, shared by inference and training.

Public API (import from the submodules; nothing heavy is imported here):
- `general_tasks.registry`: `all_tasks()`, `get_task(id)`, `categories()`, `registry_summary()`
- `general_tasks.prompts.build_prompt(task, fields, template=0)` → the DaG prompt (`prompt_format.render_prompt`)
- `general_tasks.router.route(request, task=None, llm=None)` → `Route`
- `general_tasks.inference.run_task(task_id, text, backend)` / `assist(request, backend, task=None)` → `TaskAnswer`
- `general_tasks.parsers.parse_output(text, task)`, `general_tasks.metrics.score(metric, preds, refs)`
- `general_tasks.build.build(out_dir, cap=5000, seed=0, source_dir=None, use_hub=True, ...)` → `BuildResult`
- `general_tasks.evaluate.evaluate(backend, tasks=None, limit=None, validation=None)` → `EvalReport`
"""
