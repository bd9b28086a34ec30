"""Presentation helpers shared by every app that shows figures (reports, framework, OKRs):
money in the company currency and locale, and Plotly figures as plain data. Imports nothing
of Pacer's own, so any app may import it."""
