throw new Error("msgpackr-extract is not installed in Parcours: msgpackr uses its JavaScript decoder");
