"""The Streamlit UI: thin pages over the engine. The only part of Stagepath that imports streamlit."""
