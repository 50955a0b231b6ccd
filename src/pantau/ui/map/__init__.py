"""The offline map of the regency: `MapView` (view.py) with its projection, placement geometry, items, look and
overlays in their own modules."""

from pantau.ui.map.layers import DESA_MIN_PX_PER_KM
from pantau.ui.map.styles import COLOR_MODE_CONTRACT, COLOR_MODE_STATE, COLOR_MODES, RISK_STYLES, risk_label
from pantau.ui.map.view import MapView

__all__ = ["COLOR_MODES", "COLOR_MODE_CONTRACT", "COLOR_MODE_STATE", "DESA_MIN_PX_PER_KM", "RISK_STYLES", "MapView",
           "risk_label"]
