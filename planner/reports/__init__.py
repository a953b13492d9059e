"""Reports: documents a person takes away (the plan and the effort projection as Markdown, the plan as a
PDF, the team report as Markdown and its coverage as CSV). Built from engine results through the views;
no streamlit."""
