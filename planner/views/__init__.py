"""Views: how results are put into words, tables and figures, for the pages and the reports alike.

Pure functions from engine results to text, dataframes and plotly figures; no streamlit, so the PDF, the
Markdown and the pages say things the same way."""
