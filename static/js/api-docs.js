// Swagger UI for /api/v1/docs. Requests from "Try it out" never send the login cookie:
// the API refuses a cookie without a bearer token, so use "Authorize" with a token.
document.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("api-reference");
  window.SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
    persistAuthorization: false,
    tryItOutEnabled: false,
    requestInterceptor: (request) => {
      request.credentials = "omit";
      return request;
    },
  });
});
