// Drover's Cockpit configuration: Camunda's defaults, plus Drover's plugin (runs, running or finished).
export default {
  customScripts: ['drover/history']
};
