param workspaceName string
param hours int = 1
var guids = [
  'a' // one
]
resource ws 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}
resource r 'Microsoft.SecurityInsights/alertRules@2023-02-01' = if (hours > 0 && !empty(workspaceName)) {
  scope: ws
  name: guid(ws.id, 'x')
  kind: 'Scheduled'
  properties: {
    displayName: 'Rule ${hours}h'
    query: 'T\n| where A == "${hours}"'
    tactics: [ 'Discovery', 'Execution' ]
  }
}
resource t 'Microsoft.SecurityInsights/alertRules@2023-02-01' = [for (g, i) in guids: {
  name: g
  kind: 'ThreatIntelligence'
  properties: {
    description: '''
multi
line'''
  }
}]
output id string = r.id
