"""Cases at the window: intake, resolutions, pledges, verification requests, credit checks."""
