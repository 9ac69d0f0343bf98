/**
 * The FUMO (urn:oma:mo:oma-fumo:1.0) DDF as the reference device carries it: the text of vectors/ddf/fumo.ddf, byte for
 * byte (test/unit/tree/ddf-standard-mos.test.ts holds them equal), so the device needs no repo data at run time
 * (its container image holds harness/ only). harness/tree/fumo-mo.ts reads its definition from it.
 */
export const FUMO_DDF = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE MgmtTree PUBLIC "-//OMA//DTD-DM-DDF 1.2//EN" "http://www.openmobilealliance.org/tech/DTD/DM_DDF-V1_2.dtd">
<!-- FUMO 1.0 as OMA publishes it: PkgName PkgVersion, the operations Download Update DownloadAndUpdate, State, Ext. Written for dmcts from the public node list. -->
<MgmtTree>
  <VerDTD>1.2</VerDTD>
  <Man>dmcts</Man>
  <Mod>DDF vectors</Mod>
  <Node>
    <NodeName/>
    <DFProperties>
      <AccessType><Get/></AccessType>
      <Description>One updatable firmware component</Description>
      <DFFormat><node/></DFFormat>
      <Occurrence><ZeroOrMore/></Occurrence>
      <Scope><Permanent/></Scope>
      <DFType><DDFName>urn:oma:mo:oma-fumo:1.0</DDFName></DFType>
    </DFProperties>
    <Node>
      <NodeName>PkgName</NodeName>
      <DFProperties>
        <AccessType><Get/><Replace/></AccessType>
        <Description>Name of the update package</Description>
        <DFFormat><chr/></DFFormat>
        <Occurrence><ZeroOrOne/></Occurrence>
        <Scope><Permanent/></Scope>
        <DFType><MIME>text/plain</MIME></DFType>
      </DFProperties>
    </Node>
    <Node>
      <NodeName>PkgVersion</NodeName>
      <DFProperties>
        <AccessType><Get/><Replace/></AccessType>
        <Description>Version the package brings</Description>
        <DFFormat><chr/></DFFormat>
        <Occurrence><ZeroOrOne/></Occurrence>
        <Scope><Permanent/></Scope>
        <DFType><MIME>text/plain</MIME></DFType>
      </DFProperties>
    </Node>
    <Node>
      <NodeName>Download</NodeName>
      <DFProperties>
        <AccessType><Exec/><Get/></AccessType>
        <Description>EXEC: download the package from PkgURL</Description>
        <DFFormat><node/></DFFormat>
        <Occurrence><ZeroOrOne/></Occurrence>
        <Scope><Permanent/></Scope>
        <DFType><DDFName/></DFType>
      </DFProperties>
      <Node>
        <NodeName>PkgURL</NodeName>
        <DFProperties>
          <AccessType><Get/><Replace/></AccessType>
          <Description>Where the package is downloaded from</Description>
          <DFFormat><chr/></DFFormat>
          <Occurrence><One/></Occurrence>
          <Scope><Permanent/></Scope>
          <DFType><MIME>text/plain</MIME></DFType>
        </DFProperties>
      </Node>
    </Node>
    <Node>
      <NodeName>Update</NodeName>
      <DFProperties>
        <AccessType><Exec/><Get/></AccessType>
        <Description>EXEC: install the package in PkgData</Description>
        <DFFormat><node/></DFFormat>
        <Occurrence><ZeroOrOne/></Occurrence>
        <Scope><Permanent/></Scope>
        <DFType><DDFName/></DFType>
      </DFProperties>
      <Node>
        <NodeName>PkgData</NodeName>
        <DFProperties>
          <AccessType><Replace/></AccessType>
          <Description>The update package itself</Description>
          <DFFormat><bin/></DFFormat>
          <Occurrence><One/></Occurrence>
          <Scope><Permanent/></Scope>
          <DFType><MIME>text/plain</MIME></DFType>
        </DFProperties>
      </Node>
    </Node>
    <Node>
      <NodeName>DownloadAndUpdate</NodeName>
      <DFProperties>
        <AccessType><Exec/><Get/></AccessType>
        <Description>EXEC: download the package from PkgURL, then install it</Description>
        <DFFormat><node/></DFFormat>
        <Occurrence><ZeroOrOne/></Occurrence>
        <Scope><Permanent/></Scope>
        <DFType><DDFName/></DFType>
      </DFProperties>
      <Node>
        <NodeName>PkgURL</NodeName>
        <DFProperties>
          <AccessType><Get/><Replace/></AccessType>
          <Description>Where the package is downloaded from</Description>
          <DFFormat><chr/></DFFormat>
          <Occurrence><One/></Occurrence>
          <Scope><Permanent/></Scope>
          <DFType><MIME>text/plain</MIME></DFType>
        </DFProperties>
      </Node>
    </Node>
    <Node>
      <NodeName>State</NodeName>
      <DFProperties>
        <AccessType><Get/></AccessType>
        <Description>Current state of the firmware update</Description>
        <DFFormat><int/></DFFormat>
        <Occurrence><One/></Occurrence>
        <Scope><Permanent/></Scope>
        <DFType><MIME>text/plain</MIME></DFType>
      </DFProperties>
    </Node>
    <Node>
      <NodeName>Ext</NodeName>
      <DFProperties>
        <AccessType><Get/></AccessType>
        <Description>Vendor extensions</Description>
        <DFFormat><node/></DFFormat>
        <Occurrence><ZeroOrOne/></Occurrence>
        <Scope><Permanent/></Scope>
        <DFType><DDFName/></DFType>
      </DFProperties>
    </Node>
  </Node>
</MgmtTree>
`;
