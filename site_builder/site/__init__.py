"""The site: page generators, routes, markup, data downloads, templates and static files. The only package that imports Jinja2."""
