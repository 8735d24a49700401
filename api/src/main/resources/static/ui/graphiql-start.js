// Starts GraphiQL against this server's /graphql with the token the web app stored in this browser.
import { token, askToken } from "./api.js";

const t = token();
if (!t) {
  askToken(document.getElementById("graphiql"), () => location.reload());
} else {
  document.getElementById("who").textContent = "GraphiQL — token from this browser (log out in the app)";
  const fetcher = GraphiQL.createFetcher({ url: "/graphql", headers: { Authorization: "Bearer " + t } });
  const root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: false }));
}
