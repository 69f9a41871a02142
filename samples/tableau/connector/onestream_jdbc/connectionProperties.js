// The JDBC connection properties (Tableau Connector SDK "connection-properties", the object form
// recommended since Tableau 2019.4.1). Only the secret travels here: the Personal Access Token,
// from Tableau's one secure field, as the driver's "password" property. Tableau masks it in its
// logs. No "user": a PAT names its user and the driver ignores one.
(function propertiesbuilder(attr) {
    var props = {};
    var pat = attr[connectionHelper.attributePassword];
    if (pat !== undefined && pat !== null && pat !== "") {
        props["password"] = pat;
    }
    return props;
})
