// Starts GOV.UK Frontend's components (character counts, error summary focus, radios
// that reveal, the menu toggle). Every page works without it.
import { initAll } from "./govuk-frontend.min.js";

initAll();
