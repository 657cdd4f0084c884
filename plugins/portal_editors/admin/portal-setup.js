/* Loaded before decap-cms.js (admin only): portal-cms.js adds the portal's file
   format to Decap CMS and then starts it, instead of Decap starting on load. */
window.CMS_MANUAL_INIT = true;
