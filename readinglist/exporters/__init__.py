"""Exporters: pure functions from papers to Markdown, a Markdown vault, JSON and BibTeX.

Entry points: `markdown.render_markdown`, `json_export.export_json`, `bibtex.export_bibtex`,
`vault.plan_vault_export` / `vault.write_vault` (or `vault.export_vault`),
`notes_import.plan_note_import`, and `files.write_export` for `-o FILE`.
"""
