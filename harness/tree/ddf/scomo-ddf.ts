/**
 * The SCOMO (urn:oma:mo:oma-scomo:1.0) DDF as the reference device carries it: the text of vectors/ddf/scomo.ddf, byte for
 * byte (test/unit/tree/ddf-standard-mos.test.ts holds them equal), so the device needs no repo data at run time
 * (its container image holds harness/ only). harness/tree/scomo-mo.ts reads its definition from it.
 */
export const SCOMO_DDF = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE MgmtTree PUBLIC "-//OMA//DTD-DM-DDF 1.2//EN" "http://www.openmobilealliance.org/tech/DTD/DM_DDF-V1_2.dtd">
<!-- SCOMO 1.0 as OMA publishes it: Download/<x>, Inventory/Delivered/<x>, Inventory/Deployed/<x>, Ext. Written for dmcts from the public node list; the operation primitives are leaves (MIME text/plain in the public DDF), null here (ours). -->
<MgmtTree>
  <VerDTD>1.2</VerDTD>
  <Man>dmcts</Man>
  <Mod>DDF vectors</Mod>
  <Node>
    <NodeName/>
    <DFProperties>
      <AccessType><Get/></AccessType>
      <Description>Software components of the device</Description>
      <DFFormat><node/></DFFormat>
      <Occurrence><One/></Occurrence>
      <Scope><Permanent/></Scope>
      <DFType><DDFName>urn:oma:mo:oma-scomo:1.0</DDFName></DFType>
    </DFProperties>
    <Node>
      <NodeName>Download</NodeName>
      <DFProperties>
        <AccessType><Add/><Get/></AccessType>
        <Description>Packages to download</Description>
        <DFFormat><node/></DFFormat>
        <Occurrence><ZeroOrOne/></Occurrence>
        <Scope><Permanent/></Scope>
        <DFType><DDFName/></DFType>
      </DFProperties>
      <Node>
        <NodeName>&lt;PkgX&gt;</NodeName>
        <DFProperties>
          <AccessType><Add/><Delete/><Get/><Replace/></AccessType>
          <Description>One package the server names</Description>
          <DFFormat><node/></DFFormat>
          <Occurrence><ZeroOrMore/></Occurrence>
          <Scope><Dynamic/></Scope>
          <DFType><DDFName/></DFType>
        </DFProperties>
        <Node>
          <NodeName>PkgID</NodeName>
          <DFProperties>
            <AccessType><Get/><Replace/></AccessType>
            <Description>Identifier of the delivery package</Description>
            <DFFormat><chr/></DFFormat>
            <Occurrence><One/></Occurrence>
            <Scope><Dynamic/></Scope>
            <DFType><MIME>text/plain</MIME></DFType>
          </DFProperties>
        </Node>
        <Node>
          <NodeName>Name</NodeName>
          <DFProperties>
            <AccessType><Get/><Replace/></AccessType>
            <Description>Name of the package</Description>
            <DFFormat><chr/></DFFormat>
            <Occurrence><ZeroOrOne/></Occurrence>
            <Scope><Dynamic/></Scope>
            <DFType><MIME>text/plain</MIME></DFType>
          </DFProperties>
        </Node>
        <Node>
          <NodeName>PkgURL</NodeName>
          <DFProperties>
            <AccessType><Get/><Replace/></AccessType>
            <Description>Where the package or its download descriptor is</Description>
            <DFFormat><chr/></DFFormat>
            <Occurrence><One/></Occurrence>
            <Scope><Dynamic/></Scope>
            <DFType><MIME>text/plain</MIME></DFType>
          </DFProperties>
        </Node>
        <Node>
          <NodeName>Description</NodeName>
          <DFProperties>
            <AccessType><Get/><Replace/></AccessType>
            <Description>Description of the package</Description>
            <DFFormat><chr/></DFFormat>
            <Occurrence><ZeroOrOne/></Occurrence>
            <Scope><Dynamic/></Scope>
            <DFType><MIME>text/plain</MIME></DFType>
          </DFProperties>
        </Node>
        <Node>
          <NodeName>PkgType</NodeName>
          <DFProperties>
            <AccessType><Get/><Replace/></AccessType>
            <Description>Content type of the package</Description>
            <DFFormat><chr/></DFFormat>
            <Occurrence><ZeroOrOne/></Occurrence>
            <Scope><Dynamic/></Scope>
            <DFType><MIME>text/plain</MIME></DFType>
          </DFProperties>
        </Node>
        <Node>
          <NodeName>Status</NodeName>
          <DFProperties>
            <AccessType><Get/></AccessType>
            <Description>Status of the download and install; (ours) ZeroOrOne: the device adds it when the server writes the entry without it (P-SCOMO)</Description>
            <DFFormat><int/></DFFormat>
            <Occurrence><ZeroOrOne/></Occurrence>
            <Scope><Dynamic/></Scope>
            <DFType><MIME>text/plain</MIME></DFType>
          </DFProperties>
        </Node>
        <Node>
          <NodeName>Operations</NodeName>
          <DFProperties>
            <AccessType><Get/></AccessType>
            <Description>Primitives the server executes; (ours) ZeroOrOne: the device adds them when the server writes the entry without them (P-SCOMO)</Description>
            <DFFormat><node/></DFFormat>
            <Occurrence><ZeroOrOne/></Occurrence>
            <Scope><Dynamic/></Scope>
            <DFType><DDFName/></DFType>
          </DFProperties>
          <Node>
            <NodeName>Download</NodeName>
            <DFProperties>
              <AccessType><Exec/><Get/></AccessType>
              <Description>EXEC: download into Inventory/Delivered</Description>
              <DFFormat><null/></DFFormat>
              <Occurrence><ZeroOrOne/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><MIME>text/plain</MIME></DFType>
            </DFProperties>
          </Node>
          <Node>
            <NodeName>DownloadInstall</NodeName>
            <DFProperties>
              <AccessType><Exec/><Get/></AccessType>
              <Description>EXEC: download and install, active</Description>
              <DFFormat><null/></DFFormat>
              <Occurrence><ZeroOrOne/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><MIME>text/plain</MIME></DFType>
            </DFProperties>
          </Node>
          <Node>
            <NodeName>DownloadInstallInactive</NodeName>
            <DFProperties>
              <AccessType><Exec/><Get/></AccessType>
              <Description>EXEC: download and install, inactive</Description>
              <DFFormat><null/></DFFormat>
              <Occurrence><ZeroOrOne/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><MIME>text/plain</MIME></DFType>
            </DFProperties>
          </Node>
          <Node>
            <NodeName>Ext</NodeName>
            <DFProperties>
              <AccessType><Get/></AccessType>
              <Description>Vendor operations</Description>
              <DFFormat><node/></DFFormat>
              <Occurrence><ZeroOrOne/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><DDFName/></DFType>
            </DFProperties>
          </Node>
        </Node>
        <Node>
          <NodeName>Ext</NodeName>
          <DFProperties>
            <AccessType><Get/></AccessType>
            <Description>Vendor extensions</Description>
            <DFFormat><node/></DFFormat>
            <Occurrence><ZeroOrOne/></Occurrence>
            <Scope><Dynamic/></Scope>
            <DFType><DDFName/></DFType>
          </DFProperties>
        </Node>
      </Node>
    </Node>
    <Node>
      <NodeName>Inventory</NodeName>
      <DFProperties>
        <AccessType><Get/></AccessType>
        <Description>What the device holds</Description>
        <DFFormat><node/></DFFormat>
        <Occurrence><One/></Occurrence>
        <Scope><Permanent/></Scope>
        <DFType><DDFName/></DFType>
      </DFProperties>
      <Node>
        <NodeName>Delivered</NodeName>
        <DFProperties>
          <AccessType><Get/></AccessType>
          <Description>Packages delivered, not installed</Description>
          <DFFormat><node/></DFFormat>
          <Occurrence><ZeroOrOne/></Occurrence>
          <Scope><Permanent/></Scope>
          <DFType><DDFName/></DFType>
        </DFProperties>
        <Node>
          <NodeName>&lt;PkgX&gt;</NodeName>
          <DFProperties>
            <AccessType><Delete/><Get/></AccessType>
            <Description>One delivered package</Description>
            <DFFormat><node/></DFFormat>
            <Occurrence><ZeroOrMore/></Occurrence>
            <Scope><Dynamic/></Scope>
            <DFType><DDFName/></DFType>
          </DFProperties>
          <Node>
            <NodeName>PkgID</NodeName>
            <DFProperties>
              <AccessType><Get/></AccessType>
              <Description>Identifier of the delivery package</Description>
              <DFFormat><chr/></DFFormat>
              <Occurrence><One/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><MIME>text/plain</MIME></DFType>
            </DFProperties>
          </Node>
          <Node>
            <NodeName>Data</NodeName>
            <DFProperties>
              <AccessType><Replace/></AccessType>
              <Description>The package itself</Description>
              <DFFormat><bin/></DFFormat>
              <Occurrence><ZeroOrOne/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><MIME>text/plain</MIME></DFType>
            </DFProperties>
          </Node>
          <Node>
            <NodeName>Name</NodeName>
            <DFProperties>
              <AccessType><Get/></AccessType>
              <Description>Name of the package</Description>
              <DFFormat><chr/></DFFormat>
              <Occurrence><ZeroOrOne/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><MIME>text/plain</MIME></DFType>
            </DFProperties>
          </Node>
          <Node>
            <NodeName>Description</NodeName>
            <DFProperties>
              <AccessType><Get/></AccessType>
              <Description>Description of the package</Description>
              <DFFormat><chr/></DFFormat>
              <Occurrence><ZeroOrOne/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><MIME>text/plain</MIME></DFType>
            </DFProperties>
          </Node>
          <Node>
            <NodeName>PkgType</NodeName>
            <DFProperties>
              <AccessType><Get/></AccessType>
              <Description>Content type of the package</Description>
              <DFFormat><chr/></DFFormat>
              <Occurrence><ZeroOrOne/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><MIME>text/plain</MIME></DFType>
            </DFProperties>
          </Node>
          <Node>
            <NodeName>Status</NodeName>
            <DFProperties>
              <AccessType><Get/></AccessType>
              <Description>Status of the last operation</Description>
              <DFFormat><int/></DFFormat>
              <Occurrence><One/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><MIME>text/plain</MIME></DFType>
            </DFProperties>
          </Node>
          <Node>
            <NodeName>State</NodeName>
            <DFProperties>
              <AccessType><Get/></AccessType>
              <Description>Delivered or installed</Description>
              <DFFormat><int/></DFFormat>
              <Occurrence><One/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><MIME>text/plain</MIME></DFType>
            </DFProperties>
          </Node>
          <Node>
            <NodeName>Operations</NodeName>
            <DFProperties>
              <AccessType><Get/></AccessType>
              <Description>Primitives the server executes</Description>
              <DFFormat><node/></DFFormat>
              <Occurrence><One/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><DDFName/></DFType>
            </DFProperties>
            <Node>
              <NodeName>Install</NodeName>
              <DFProperties>
                <AccessType><Exec/><Get/></AccessType>
                <Description>EXEC: install, active</Description>
                <DFFormat><null/></DFFormat>
                <Occurrence><ZeroOrOne/></Occurrence>
                <Scope><Dynamic/></Scope>
                <DFType><MIME>text/plain</MIME></DFType>
              </DFProperties>
            </Node>
            <Node>
              <NodeName>InstallInactive</NodeName>
              <DFProperties>
                <AccessType><Exec/><Get/></AccessType>
                <Description>EXEC: install, inactive</Description>
                <DFFormat><null/></DFFormat>
                <Occurrence><ZeroOrOne/></Occurrence>
                <Scope><Dynamic/></Scope>
                <DFType><MIME>text/plain</MIME></DFType>
              </DFProperties>
            </Node>
            <Node>
              <NodeName>Remove</NodeName>
              <DFProperties>
                <AccessType><Exec/><Get/></AccessType>
                <Description>EXEC: remove the package</Description>
                <DFFormat><null/></DFFormat>
                <Occurrence><ZeroOrOne/></Occurrence>
                <Scope><Dynamic/></Scope>
                <DFType><MIME>text/plain</MIME></DFType>
              </DFProperties>
            </Node>
            <Node>
              <NodeName>Ext</NodeName>
              <DFProperties>
                <AccessType><Get/></AccessType>
                <Description>Vendor operations</Description>
                <DFFormat><node/></DFFormat>
                <Occurrence><ZeroOrOne/></Occurrence>
                <Scope><Dynamic/></Scope>
                <DFType><DDFName/></DFType>
              </DFProperties>
            </Node>
          </Node>
          <Node>
            <NodeName>Ext</NodeName>
            <DFProperties>
              <AccessType><Get/></AccessType>
              <Description>Vendor extensions</Description>
              <DFFormat><node/></DFFormat>
              <Occurrence><ZeroOrOne/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><DDFName/></DFType>
            </DFProperties>
          </Node>
        </Node>
      </Node>
      <Node>
        <NodeName>Deployed</NodeName>
        <DFProperties>
          <AccessType><Get/></AccessType>
          <Description>Installed components</Description>
          <DFFormat><node/></DFFormat>
          <Occurrence><ZeroOrOne/></Occurrence>
          <Scope><Permanent/></Scope>
          <DFType><DDFName/></DFType>
        </DFProperties>
        <Node>
          <NodeName>&lt;CompX&gt;</NodeName>
          <DFProperties>
            <AccessType><Get/></AccessType>
            <Description>One deployed component</Description>
            <DFFormat><node/></DFFormat>
            <Occurrence><ZeroOrMore/></Occurrence>
            <Scope><Dynamic/></Scope>
            <DFType><DDFName/></DFType>
          </DFProperties>
          <Node>
            <NodeName>ID</NodeName>
            <DFProperties>
              <AccessType><Get/></AccessType>
              <Description>Identifier of the component</Description>
              <DFFormat><chr/></DFFormat>
              <Occurrence><One/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><MIME>text/plain</MIME></DFType>
            </DFProperties>
          </Node>
          <Node>
            <NodeName>PkgIDRef</NodeName>
            <DFProperties>
              <AccessType><Get/></AccessType>
              <Description>The package it came from</Description>
              <DFFormat><chr/></DFFormat>
              <Occurrence><ZeroOrOne/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><MIME>text/plain</MIME></DFType>
            </DFProperties>
          </Node>
          <Node>
            <NodeName>Name</NodeName>
            <DFProperties>
              <AccessType><Get/></AccessType>
              <Description>Name of the component</Description>
              <DFFormat><chr/></DFFormat>
              <Occurrence><One/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><MIME>text/plain</MIME></DFType>
            </DFProperties>
          </Node>
          <Node>
            <NodeName>Description</NodeName>
            <DFProperties>
              <AccessType><Get/></AccessType>
              <Description>Description of the component</Description>
              <DFFormat><chr/></DFFormat>
              <Occurrence><ZeroOrOne/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><MIME>text/plain</MIME></DFType>
            </DFProperties>
          </Node>
          <Node>
            <NodeName>Version</NodeName>
            <DFProperties>
              <AccessType><Get/></AccessType>
              <Description>Version of the component</Description>
              <DFFormat><chr/></DFFormat>
              <Occurrence><ZeroOrOne/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><MIME>text/plain</MIME></DFType>
            </DFProperties>
          </Node>
          <Node>
            <NodeName>State</NodeName>
            <DFProperties>
              <AccessType><Get/></AccessType>
              <Description>Active or inactive</Description>
              <DFFormat><int/></DFFormat>
              <Occurrence><One/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><MIME>text/plain</MIME></DFType>
            </DFProperties>
          </Node>
          <Node>
            <NodeName>Status</NodeName>
            <DFProperties>
              <AccessType><Get/></AccessType>
              <Description>Status of the last operation</Description>
              <DFFormat><int/></DFFormat>
              <Occurrence><One/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><MIME>text/plain</MIME></DFType>
            </DFProperties>
          </Node>
          <Node>
            <NodeName>Operations</NodeName>
            <DFProperties>
              <AccessType><Get/></AccessType>
              <Description>Primitives the server executes</Description>
              <DFFormat><node/></DFFormat>
              <Occurrence><One/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><DDFName/></DFType>
            </DFProperties>
            <Node>
              <NodeName>Activate</NodeName>
              <DFProperties>
                <AccessType><Exec/><Get/></AccessType>
                <Description>EXEC: activate</Description>
                <DFFormat><null/></DFFormat>
                <Occurrence><ZeroOrOne/></Occurrence>
                <Scope><Dynamic/></Scope>
                <DFType><MIME>text/plain</MIME></DFType>
              </DFProperties>
            </Node>
            <Node>
              <NodeName>Deactivate</NodeName>
              <DFProperties>
                <AccessType><Exec/><Get/></AccessType>
                <Description>EXEC: deactivate</Description>
                <DFFormat><null/></DFFormat>
                <Occurrence><ZeroOrOne/></Occurrence>
                <Scope><Dynamic/></Scope>
                <DFType><MIME>text/plain</MIME></DFType>
              </DFProperties>
            </Node>
            <Node>
              <NodeName>Remove</NodeName>
              <DFProperties>
                <AccessType><Exec/><Get/></AccessType>
                <Description>EXEC: remove the component</Description>
                <DFFormat><null/></DFFormat>
                <Occurrence><ZeroOrOne/></Occurrence>
                <Scope><Dynamic/></Scope>
                <DFType><MIME>text/plain</MIME></DFType>
              </DFProperties>
            </Node>
            <Node>
              <NodeName>Ext</NodeName>
              <DFProperties>
                <AccessType><Get/></AccessType>
                <Description>Vendor operations</Description>
                <DFFormat><node/></DFFormat>
                <Occurrence><ZeroOrOne/></Occurrence>
                <Scope><Dynamic/></Scope>
                <DFType><DDFName/></DFType>
              </DFProperties>
            </Node>
          </Node>
          <Node>
            <NodeName>Ext</NodeName>
            <DFProperties>
              <AccessType><Get/></AccessType>
              <Description>Vendor extensions</Description>
              <DFFormat><node/></DFFormat>
              <Occurrence><ZeroOrOne/></Occurrence>
              <Scope><Dynamic/></Scope>
              <DFType><DDFName/></DFType>
            </DFProperties>
          </Node>
        </Node>
      </Node>
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
