"""Exporters: pure functions from papers to Markdown, a Markdown vault, JSON and BibTeX.

Entry points: `markdown.render_markdown`, `json_export.export_json`, `bibtex.export_bibtex`,
`vault.export_vault` (or `plan_vault_export` then `write_vault`), `notes_import.plan_note_import`,
and `files.write_export` to write a document to `-o FILE`. Only `files`, `vault` and
`plan_note_import` touch the disk.
"""
