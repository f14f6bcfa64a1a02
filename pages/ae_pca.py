"""Autoencoders (2): PCA beside the autoencoder, regularisation, anomaly score."""

import streamlit as st

from pages._ui import t

st.title(t("ae.nav.pca"))
