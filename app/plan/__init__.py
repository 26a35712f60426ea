"""The municipality's DK2020 climate plan: its targets, themes and measures, and what feeds them."""
