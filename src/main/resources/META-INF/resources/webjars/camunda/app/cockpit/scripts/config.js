// Drover's Cockpit configuration: Camunda's defaults, plus Drover's plugin (runs, running or finished),
// without the sign-in page's probe for Camunda's separate welcome distribution (GET /camunda-welcome,
// a 404 in the console on every first visit: Drover does not ship it).
export default {
  customScripts: ['drover/history'],
  disableWelcomeMessage: true
};
