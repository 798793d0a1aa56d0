"""Rendering the model to HTML: Jinja templates, the author's Markdown made safe, paper styles, shipped assets."""
