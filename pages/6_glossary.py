"""Glossary: the words of the trade, each with a definition and a worked example, in the user's language."""

import re

import streamlit as st

from calc.i18n import _
from ui import glossary, nav
from ui import state as keys
from ui.i18n import setup_language

setup_language()
st.set_page_config(page_title=_("Glossary · Tariff Compare"), page_icon=":telephone_receiver:", layout="wide")
keys.init_state()
nav.sidebar()

st.title(_("Glossary"))
st.caption(
    _(
        "The words vendors and contact centers use in offers and on invoices, what they mean for your bill, and a "
        "small example of each."
    )
)
words = glossary.entries()
st.markdown(" · ".join(f"[{re.split('[:：]', entry.term)[0]}](#{entry.key})" for entry in words))
for entry in words:
    st.subheader(entry.term, anchor=entry.key)
    st.markdown(entry.definition)
    st.markdown(_("**Example.** {example}").format(example=entry.example))
