// Builds the JDBC URL from the connection dialog's attributes (Tableau Connector SDK
// "connection-builder"; returns a one-element array, as the SDK's postgres_jdbc sample does).
// Tableau writes this URL to its logs in plain text, so it never holds a secret: the Personal
// Access Token travels as the "password" property (connectionProperties.js).
//
//   jdbc:onestream://server[:port]/application?ssl=true|false[&key=value...]
//   jdbc:onestream:demo[?key=value...]        when the server is "demo" (the driver's demo mode)
(function dsbuilder(attr) {
    var SECRET_KEYS = /^(password|clientsecret|user|pat|token|secret)$/i;

    function value(name) {
        var v = attr[name];
        return (v === undefined || v === null) ? "" : String(v).trim();
    }

    // "a=1&b=x=y" -> [["a","1"],["b","x=y"]]; each key and value percent-encoded again.
    function extraPairs() {
        var text = value("v-properties");
        var pairs = [];
        if (text === "") {
            return pairs;
        }
        var parts = text.split("&");
        for (var i = 0; i < parts.length; i++) {
            var part = parts[i].trim();
            if (part === "") {
                continue;
            }
            var eq = part.indexOf("=");
            if (eq <= 0) {
                throw new Error("Driver properties: '" + part + "' is not key=value");
            }
            var key = part.substring(0, eq).trim();
            if (SECRET_KEYS.test(key)) {
                throw new Error("Driver properties: '" + key + "' is a secret or credential and"
                    + " does not belong in the URL; the token goes in the Personal Access Token field");
            }
            pairs.push(encodeURIComponent(key) + "=" + encodeURIComponent(part.substring(eq + 1).trim()));
        }
        return pairs;
    }

    var server = value(connectionHelper.attributeServer);
    var query = extraPairs();

    if (server.toLowerCase() === "demo") {
        return ["jdbc:onestream:demo" + (query.length > 0 ? "?" + query.join("&") : "")];
    }

    if (!/^[A-Za-z0-9]([A-Za-z0-9.\-]*[A-Za-z0-9])?$/.test(server)) {
        throw new Error("Server must be a host name or an IP address, without scheme, path or user");
    }
    var port = value(connectionHelper.attributePort);
    if (port !== "" && !/^[0-9]{1,5}$/.test(port)) {
        throw new Error("Port must be a number");
    }
    var application = value("v-application");
    if (application === "") {
        throw new Error("Application is required");
    }
    var ssl = value(connectionHelper.attributeSSLMode) === "require" ? "true" : "false";

    return ["jdbc:onestream://" + server + (port === "" ? "" : ":" + port)
        + "/" + encodeURIComponent(application)
        + "?" + ["ssl=" + ssl].concat(query).join("&")];
})
