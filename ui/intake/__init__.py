"""The intake (受理) of a case: the dialog (:mod:`.dialog`), its applicant page
(:mod:`.applicant`), one row per certificate item (:mod:`.resolution_row`) and the dialog that
asks why a case is cancelled (:mod:`.cancel`)."""
