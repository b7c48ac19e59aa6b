// Drover's Admin configuration: Camunda's defaults, without the sign-in page's probe for Camunda's
// separate welcome distribution (GET /camunda-welcome, a 404 in the console on every first visit).
export default {
  disableWelcomeMessage: true
};
